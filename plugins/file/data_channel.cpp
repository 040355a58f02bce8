#include "data_channel.hpp"

#include <sockserv/error.hpp>

namespace file_plugin {

using namespace std::chrono_literals;

std::unique_ptr<sockserv::Listener> listen_passive(const std::string& host, PortRange range,
                                                   std::atomic<unsigned>& next) {
  sockserv::Endpoint endpoint;
  endpoint.transport = sockserv::Transport::tcp;
  endpoint.host = host;
  if (range.first == 0) return sockserv::listen(endpoint);
  unsigned count = unsigned(range.last - range.first) + 1;
  for (unsigned tried = 0; tried < count; ++tried) {
    endpoint.port = std::uint16_t(range.first + next.fetch_add(1) % count);
    try {
      return sockserv::listen(endpoint);
    } catch (const sockserv::CancelledError&) {
      throw;
    } catch (const sockserv::Error&) {
      // in use by another session or program: the next port
    }
  }
  throw sockserv::Error("no free passive port in " + std::to_string(range.first) + "-" +
                        std::to_string(range.last));
}

void DataChannel::set_passive(std::unique_ptr<sockserv::Listener> listener) {
  reset();
  listener_ = std::move(listener);
}

void DataChannel::set_active(sockserv::Endpoint endpoint) {
  reset();
  active_ = std::move(endpoint);
}

void DataChannel::reset() {
  listener_.reset();
  active_.reset();
}

std::unique_ptr<sockserv::Stream> DataChannel::open(sockserv::Duration timeout,
                                                    const std::atomic<bool>& aborted,
                                                    const std::string& client_host) {
  if (active_) {
    auto endpoint = *active_;
    reset();
    return sockserv::connect(endpoint, timeout);
  }
  auto listener = std::move(listener_);
  reset();
  if (!listener) return nullptr;
  // The Listener gives no handle to wake an accept early, so an ABOR that comes before the
  // client connects is noticed within one slice.
  auto deadline = sockserv::deadline_after(timeout);
  while (!aborted.load() && sockserv::Clock::now() < deadline) {
    auto slice = std::min<sockserv::Duration>(200ms, deadline - sockserv::Clock::now());
    auto stream = listener->accept(slice);
    if (stream && stream->peer().host() == client_host) return stream;
  }
  return nullptr;
}

}  // namespace file_plugin

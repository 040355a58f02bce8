#pragma once
// One HTTP connection to the metrics server: GET (or HEAD) of the metrics path answers
// the exposition, any other path 404, any other method 405. Keep-alive; the requests are
// read with the http plugin's RequestReader (Boost.Beast's parser over the Stream).

#include <sockserv/handler.hpp>
#include <sockserv/time.hpp>

#include <string>

namespace metrics {

/// What every connection of one metrics server shares (read-only).
struct Settings {
  std::string path = "/metrics";  ///< where the metrics are served
  sockserv::Duration timeout{};   ///< a request must arrive within this; idle keep-alive too
};

/// The per-connection handler.
class Scrape final : public sockserv::StreamHandler {
 public:
  explicit Scrape(const Settings& settings) : settings_(settings) {}
  void handle(sockserv::Stream& stream) override;

 private:
  const Settings& settings_;
};

}  // namespace metrics

#pragma once
// One HTTP connection: reads requests and answers them, in order, until either side
// closes, a limit is reached or a timeout passes.

#include "site.hpp"

#include <sockserv/handler.hpp>

namespace httpd {

/// The stream handler: the keep-alive loop of one connection.
class Connection final : public sockserv::StreamHandler {
 public:
  explicit Connection(const Site& site) : site_(site) {}

  /// Serves requests until the connection ends. A timeout or a client that went away
  /// ends it quietly; a refused request is answered, then the connection closes.
  void handle(sockserv::Stream& stream) override;

 private:
  void serve(sockserv::Stream& stream);

  const Site& site_;  // owned by the plugin, which outlives every handler
};

}  // namespace httpd

#pragma once
// What every connection of one server shares: the settings, the open root and the log.

#include "document_root.hpp"
#include "settings.hpp"

#include <sockserv/log.hpp>

#include <memory>

namespace httpd {

/// One per server, owned by the plugin; read-only once made, so thread-safe.
struct Site {
  Site(Settings s, std::shared_ptr<sockserv::Logger> l)
      : settings(std::move(s)), root(settings.root, settings.follow_symlinks), log(std::move(l)) {}

  const Settings settings;
  const DocumentRoot root;
  const std::shared_ptr<sockserv::Logger> log;
};

}  // namespace httpd

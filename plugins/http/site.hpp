#pragma once
// What every connection of one server shares: the settings, the open root and the log.

#include "document_root.hpp"
#include "file_cache.hpp"
#include "settings.hpp"

#include <sockserv/log.hpp>

#include <memory>

namespace httpd {

/// One per server, owned by the plugin; read-only once made but for the cache, which locks.
struct Site {
  Site(Settings s, std::shared_ptr<sockserv::Logger> l)
      : settings(std::move(s)),
        root(settings.root, settings.follow_symlinks),
        cache(settings.file_cache_entries, settings.file_cache_max_file, std::chrono::seconds(2),
              settings.file_cache_valid),
        log(std::move(l)) {}

  const Settings settings;
  const DocumentRoot root;
  mutable FileCache cache;  ///< thread-safe itself; only its contents change
  const std::shared_ptr<sockserv::Logger> log;
};

}  // namespace httpd

// The test harness's server: plugins and policies are found, checked and made as the
// launcher makes them (launcher/resolve.cpp, launcher/server_process.cpp), then served on a
// background thread.
#include <sockserv/testing.hpp>

#include "config/option_values.hpp"
#include "core/builtin_policies.hpp"
#include "core/spdlog_logger.hpp"
#include "loader/loader.hpp"

#include <sockserv/error.hpp>

#include <thread>
#include <utility>

namespace sockserv::testing {
namespace {

/// `options` as the YAML reader would hand them over: one scalar each.
std::map<std::string, config::RawOption> raw_options(const std::string& key_path,
                                                     const OptionMap& options) {
  std::map<std::string, config::RawOption> raw;
  for (const auto& [key, value] : options) {
    config::RawOption option;
    option.key_path = key_path + "." + key;
    option.scalar = value;
    raw.emplace(key, std::move(option));
  }
  return raw;
}

/// Typed options for `specs`, or Error listing every mistake the launcher would report.
Options checked(const std::vector<OptionSpec>& specs, const OptionMap& options,
                const std::string& key_path, const std::string& owner) {
  for (const auto& problem : config::check_specs(specs))
    throw Error(owner + ": bug in its option declarations: " + problem);
  config::ConfigErrors errors;
  Options typed = config::check_options(specs, raw_options(key_path, options), key_path, {},
                                        owner, std::filesystem::current_path(), errors);
  if (errors.empty()) return typed;
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e.to_string();
  throw Error(message);
}

/// The policy `name` (built in, or a policy library's path) with its options checked.
std::unique_ptr<Policy> make_policy(const TestServerOptions& o, std::shared_ptr<Logger> log) {
  if (const auto* builtin = core::find_builtin_policy(o.policy)) {
    PolicyContext context{o.name, checked(builtin->info.options, o.policy_options, "policy",
                                          "policy '" + o.policy + "'"), log};
    return builtin->make(context);
  }
  if (o.policy.find('/') == std::string::npos)
    throw Error("unknown policy '" + o.policy +
                "' (built in: serial, threading, forking, coroutine; or a policy library path)");
  auto loaded = loader::load_policy(o.policy);
  PolicyContext context{o.name, checked(loaded.info.options, o.policy_options, "policy",
                                        "policy '" + loaded.info.name + "'"), log};
  return loaded.make(context);
}

}  // namespace

PluginContext plugin_context(const PluginInfo& info, const OptionMap& options,
                             Transport transport, const std::string& server_name) {
  return {server_name, transport,
          checked(info.options, options, "handler", "plugin '" + info.name + "'"),
          core::make_logger(server_name), {transport}};
}

struct TestServer::Impl {
  std::unique_ptr<Server> server;
  std::thread thread;
};

TestServer::TestServer(const std::filesystem::path& library, TestServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  auto loaded = loader::load_plugin(library);
  auto transport = Endpoint::parse(options.listen).transport;
  if (!loaded.info.transports.contains(transport))
    throw Error("plugin '" + loaded.info.name + "' does not serve " +
                std::string(to_string(transport)) + "; it serves " +
                to_string(loaded.info.transports));
  start(loaded.make(plugin_context(loaded.info, options.plugin_options, transport, options.name)),
        loaded.info.name, options);
}

TestServer::TestServer(std::shared_ptr<Plugin> plugin, TestServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (!options.plugin_options.empty())
    throw Error("TestServer: plugin options are for a plugin library; pass them to make_plugin");
  start(std::move(plugin), "embedded", options);
}

void TestServer::start(std::shared_ptr<Plugin> plugin, const std::string& plugin_name,
                       const TestServerOptions& options) {
  if (!plugin) throw Error("TestServer: no plugin");
  auto log = core::make_logger(options.name);
  ServerOptions server;
  server.name = options.name;
  server.listen = options.listen;
  server.plugin = std::move(plugin);
  server.plugin_name = plugin_name;
  server.policy = make_policy(options, log);
  server.shutdown_timeout = options.shutdown_timeout;
  server.log = log;
  impl_->server = std::make_unique<Server>(std::move(server));
  impl_->thread = std::thread([s = impl_->server.get()] { s->serve_forever(); });
}

TestServer::~TestServer() { stop(); }

const Endpoint& TestServer::endpoint() const noexcept { return impl_->server->endpoint(); }

Server& TestServer::server() noexcept { return *impl_->server; }

void TestServer::stop() noexcept {
  if (!impl_->thread.joinable()) return;
  impl_->server->shutdown();
  impl_->thread.join();
}

}  // namespace sockserv::testing

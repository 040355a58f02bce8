// The plugin loader against real libraries: one good of each kind, one per refusal.
#include "loader/loader.hpp"
#include "loader/manifest_check.hpp"

#include <sockserv/address.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <stdlib.h>

#include <fstream>
#include <string>

namespace sockserv::loader {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path plugin_dir = TEST_PLUGIN_DIR;

fs::path lib(const std::string& name) { return plugin_dir / (name + ".so"); }

// True if `path` is mapped in this process now. RTLD_NOLOAD never loads it, but a hit
// takes a reference, given back at once.
bool is_loaded(const fs::path& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle) dlclose(handle);
  return handle != nullptr;
}

// The message load_plugin(path) fails with, or "" if it loads.
std::string plugin_error(const fs::path& path) {
  try {
    load_plugin(path);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

// A fresh folder, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "loader_test.XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

PluginContext plugin_context(bool allow) {
  PluginContext context{"test", Transport::tcp, {}, nullptr};
  context.options.set("allow", allow);
  context.options.set("greeting", std::string("hi"));
  return context;
}

TEST(LoadPlugin, LoadsInfoAndMakesAPlugin) {
  LoadedPlugin loaded = load_plugin(lib("good_plugin"));
  EXPECT_EQ(loaded.info.name, "good_plugin");
  EXPECT_EQ(loaded.info.version, "1.2.3");
  ASSERT_EQ(loaded.info.options.size(), 2u);
  EXPECT_EQ(loaded.info.options[0].name, "allow");
  EXPECT_EQ(loaded.info.options[1].name, "greeting");
  EXPECT_TRUE(loaded.info.transports.contains(Transport::udp));
  std::shared_ptr<Plugin> plugin = loaded.make(plugin_context(false));
  ASSERT_NE(plugin, nullptr);
  EXPECT_FALSE(plugin->verify_request(Address()));
}

TEST(LoadPlugin, PluginKeepsItsLibraryLoadedAfterEveryLoadedPluginIsGone) {
  const fs::path path = lib("good_plugin");
  ASSERT_FALSE(is_loaded(path)) << "an earlier test leaked the library";
  std::shared_ptr<Plugin> plugin;
  {
    LoadedPlugin loaded = load_plugin(path);
    LoadedPlugin copy = loaded;
    plugin = copy.make(plugin_context(false));
  }
  ASSERT_TRUE(is_loaded(path));
  EXPECT_FALSE(plugin->verify_request(Address()));  // the plugin's code, not the default
  plugin.reset();
  EXPECT_FALSE(is_loaded(path)) << "the last plugin object should let the library go";
}

TEST(LoadPolicy, PolicyKeepsItsLibraryLoadedAfterLoadedPolicyIsGone) {
  const fs::path path = lib("good_policy");
  ASSERT_FALSE(is_loaded(path));
  std::unique_ptr<Policy> policy;
  {
    LoadedPolicy loaded = load_policy(path);
    EXPECT_EQ(loaded.info.name, "good_policy");
    policy = loaded.make(PolicyContext{"test", {}, nullptr});
  }
  ASSERT_TRUE(is_loaded(path));
  EXPECT_TRUE(policy->wait_idle(no_deadline));  // pure virtual: only the library has it
  policy->terminate();
  policy.reset();
  EXPECT_FALSE(is_loaded(path));
}

TEST(LoadPlugin, ThrowingConstructorGivesErrorWithThePluginsMessage) {
  LoadedPlugin loaded = load_plugin(lib("throwing_ctor"));
  try {
    loaded.make(plugin_context(true));
    FAIL() << "make() should have thrown";
  } catch (const LoadError&) {
    FAIL() << "a plugin that fails to start is not a load error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("plugin 'throwing_ctor'"));
    EXPECT_THAT(what, HasSubstr(lib("throwing_ctor").string()));
    EXPECT_THAT(what, HasSubstr("failed to start: cannot open cache /nonexistent/cache.db"));
  }
}

TEST(LoadErrors, MissingFile) {
  const fs::path path = plugin_dir / "does_not_exist.so";
  EXPECT_EQ(plugin_error(path), "cannot load " + path.string() + ": no such file");
}

TEST(LoadErrors, NotASharedLibrary) {
  TempDir dir;
  const fs::path path = dir.path() / "bogus.so";
  // Longer than an ELF header, so dlopen() reads it and says why it refuses.
  std::ofstream(path) << "# a text file, not a library\n" << std::string(100, '#') << "\n";
  const std::string what = plugin_error(path);
  EXPECT_THAT(what,
              HasSubstr("cannot load " + path.string() + ": not a loadable shared library: "));
  EXPECT_THAT(what, HasSubstr("invalid ELF header"));  // dlerror()'s own words
}

TEST(LoadErrors, NoManifest) {
  const fs::path path = lib("no_manifest");
  EXPECT_EQ(plugin_error(path),
            "cannot load " + path.string() +
                ": is a shared library but not a sockserv plugin: it exports no "
                "'sockserv_manifest'");
}

TEST(LoadErrors, AbiMismatchShowsBothVersions) {
  const fs::path path = lib("wrong_abi");
  EXPECT_EQ(plugin_error(path), "cannot load " + path.string() +
                                    ": built for sockserv ABI 999, this sockserv has ABI 2; "
                                    "rebuild the plugin against this SDK");
}

TEST(LoadErrors, CompilerMismatchShowsBothFingerprints) {
  const fs::path path = lib("wrong_compiler");
  EXPECT_EQ(plugin_error(path), "cannot load " + path.string() +
                                    ": built with compiler 'gcc 1', this sockserv with '" +
                                    SOCKSERV_COMPILER_FINGERPRINT +
                                    "'; rebuild the plugin with the same compiler");
}

TEST(LoadErrors, PolicyLoadedAsHandlerPlugin) {
  const fs::path path = lib("good_policy");
  EXPECT_EQ(plugin_error(path),
            "cannot load " + path.string() + ": is a policy, not a handler plugin");
}

TEST(LoadErrors, HandlerPluginLoadedAsPolicy) {
  const fs::path path = lib("good_plugin");
  try {
    load_policy(path);
    FAIL() << "load_policy should have thrown";
  } catch (const LoadError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot load " + path.string() + ": is a handler plugin, not a policy");
  }
}

TEST(LoadErrors, MissingFactoryNamesTheAliases) {
  const fs::path path = lib("no_factory");
  EXPECT_EQ(plugin_error(path),
            "cannot load " + path.string() +
                ": has a sockserv manifest but exports no 'sockserv_plugin_info', "
                "'sockserv_plugin_create' alias; export it with SOCKSERV_PLUGIN(YourPlugin)");
}

TEST(LoadErrors, InfoThrowing) {
  const fs::path path = lib("throwing_info");
  EXPECT_EQ(plugin_error(path),
            "cannot load " + path.string() + ": info() threw: option table is corrupt");
}

// Manifests no test library carries, checked without a library.
sockserv_manifest good_manifest() {
  return {SOCKSERV_MANIFEST_MAGIC, SOCKSERV_ABI_VERSION, "handler",
          SOCKSERV_COMPILER_FINGERPRINT, SOCKSERV_STDLIB_FINGERPRINT};
}

std::string compatibility_error(const sockserv_manifest& manifest) {
  try {
    check_compatible(manifest, "/p/x.so");
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

TEST(ManifestCheck, AcceptsThisBuildsManifest) {
  EXPECT_EQ(compatibility_error(good_manifest()), "");
}

TEST(ManifestCheck, StdlibMismatchShowsBothFingerprints) {
  sockserv_manifest m = good_manifest();
  m.stdlib = "libc++ 16000";
  EXPECT_EQ(compatibility_error(m), std::string("cannot load /p/x.so: built with standard "
                                                "library 'libc++ 16000', this sockserv with '") +
                                        SOCKSERV_STDLIB_FINGERPRINT +
                                        "'; rebuild the plugin with the same standard library");
}

TEST(ManifestCheck, WrongMagicIsNotAManifest) {
  sockserv_manifest m = good_manifest();
  m.magic = 0x12345678u;
  EXPECT_EQ(compatibility_error(m),
            "cannot load /p/x.so: its 'sockserv_manifest' has magic 0x12345678, not 0x56534b53: "
            "not a sockserv manifest");
}

TEST(ManifestCheck, NullStringsAreReportedNotDereferenced) {
  sockserv_manifest m = good_manifest();
  m.compiler = nullptr;
  EXPECT_THAT(compatibility_error(m), HasSubstr("built with compiler '(null)'"));
}

TEST(FindOnPath, FirstDirHoldingTheNameWins) {
  TempDir empty, shadow;
  fs::copy_file(lib("good_plugin"), shadow.path() / "good_plugin.so");
  EXPECT_EQ(find_on_path("good_plugin", {empty.path(), plugin_dir}), lib("good_plugin"));
  EXPECT_EQ(find_on_path("good_plugin", {empty.path(), shadow.path(), plugin_dir}),
            shadow.path() / "good_plugin.so");
  EXPECT_EQ(find_on_path("nope", {empty.path(), plugin_dir}), std::nullopt);
  EXPECT_EQ(find_on_path("good_plugin", {}), std::nullopt);
}

TEST(Scan, ListsGoodLibrariesAndWhyOthersWereRejected) {
  TempDir dir;
  for (const char* name : {"wrong_abi", "good_policy", "good_plugin", "no_manifest"}) {
    fs::copy_file(lib(name), dir.path() / (std::string(name) + ".so"));
  }
  std::ofstream(dir.path() / "bogus.so") << "text\n";
  std::ofstream(dir.path() / "README.txt") << "not a library\n";
  fs::create_directory(dir.path() / "sub.so");

  const std::vector<Found> found = scan({dir.path()});
  ASSERT_EQ(found.size(), 5u);
  const auto& p = dir.path();
  EXPECT_EQ(found[0].path, p / "bogus.so");
  EXPECT_THAT(std::get<LoadError>(found[0].result).what(),
              HasSubstr("not a loadable shared library"));
  EXPECT_EQ(found[1].path, p / "good_plugin.so");
  EXPECT_EQ(std::get<LoadedPlugin>(found[1].result).info.name, "good_plugin");
  EXPECT_EQ(found[2].path, p / "good_policy.so");
  EXPECT_EQ(std::get<LoadedPolicy>(found[2].result).info.name, "good_policy");
  EXPECT_EQ(found[3].path, p / "no_manifest.so");
  EXPECT_THAT(std::get<LoadError>(found[3].result).what(), HasSubstr("not a sockserv plugin"));
  EXPECT_EQ(found[4].path, p / "wrong_abi.so");
  EXPECT_THAT(std::get<LoadError>(found[4].result).what(), HasSubstr("ABI 999"));
}

}  // namespace
}  // namespace sockserv::loader

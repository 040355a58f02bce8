#pragma once
/// @file manifest.hpp
/// The plain-C record every sockserv plugin library exports, checked by the loader
/// before any C++ object crosses the library boundary.

#include <sockserv/version.hpp>

#include <cstdint>

extern "C" {

/// Identifies a library as a sockserv plugin and says what it was built with.
struct sockserv_manifest {
  std::uint32_t magic;        ///< SOCKSERV_MANIFEST_MAGIC
  std::uint32_t abi_version;  ///< SOCKSERV_ABI_VERSION the plugin was compiled against
  const char* kind;           ///< "handler" or "policy"
  const char* compiler;       ///< compiler family and major version, e.g. "gcc 12"
  const char* stdlib;         ///< standard library and its ABI, e.g. "libstdc++ 12 cxx11-abi"
};
}

/// 'SKSV': a manifest whose magic differs is not a sockserv manifest.
#define SOCKSERV_MANIFEST_MAGIC 0x56534b53u

/// Exported name of the manifest symbol.
#define SOCKSERV_MANIFEST_SYMBOL "sockserv_manifest"

#define SOCKSERV_DETAIL_STR2(x) #x
#define SOCKSERV_DETAIL_STR(x) SOCKSERV_DETAIL_STR2(x)

#if defined(__clang__)
#define SOCKSERV_COMPILER_FINGERPRINT "clang " SOCKSERV_DETAIL_STR(__clang_major__)
#elif defined(__GNUC__)
#define SOCKSERV_COMPILER_FINGERPRINT "gcc " SOCKSERV_DETAIL_STR(__GNUC__)
#else
#define SOCKSERV_COMPILER_FINGERPRINT "unknown"
#endif

#if defined(_GLIBCXX_RELEASE)
#if _GLIBCXX_USE_CXX11_ABI
#define SOCKSERV_STDLIB_FINGERPRINT "libstdc++ " SOCKSERV_DETAIL_STR(_GLIBCXX_RELEASE) " cxx11-abi"
#else
#define SOCKSERV_STDLIB_FINGERPRINT "libstdc++ " SOCKSERV_DETAIL_STR(_GLIBCXX_RELEASE) " old-abi"
#endif
#elif defined(_LIBCPP_VERSION)
#define SOCKSERV_STDLIB_FINGERPRINT "libc++ " SOCKSERV_DETAIL_STR(_LIBCPP_VERSION)
#else
#define SOCKSERV_STDLIB_FINGERPRINT "unknown"
#endif

/// Defines this library's manifest. Used by SOCKSERV_PLUGIN and SOCKSERV_POLICY; write it
/// by hand only to build a deliberately odd library (the loader's tests do).
#define SOCKSERV_DEFINE_MANIFEST(kind_string)                                        \
  extern "C" __attribute__((visibility("default")))                                  \
  const ::sockserv_manifest sockserv_manifest = {                                    \
      SOCKSERV_MANIFEST_MAGIC, SOCKSERV_ABI_VERSION, kind_string,                    \
      SOCKSERV_COMPILER_FINGERPRINT, SOCKSERV_STDLIB_FINGERPRINT};

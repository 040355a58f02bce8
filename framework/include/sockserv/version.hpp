#pragma once
/// @file version.hpp
/// The release and the plugin ABI version of this SDK.

/// Release of sockserv this SDK belongs to.
#define SOCKSERV_VERSION "0.1.0"

/// Bumped whenever a change to an SDK class's layout or virtual table would break
/// plugins built against an older SDK. The loader refuses plugins of another version.
#define SOCKSERV_ABI_VERSION 2u

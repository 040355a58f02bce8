#pragma once
/// @file api.hpp
/// Visibility of SDK types, so RTTI and exceptions work across plugin boundaries even
/// though plugins are built with -fvisibility=hidden.

/// Marks a class or function of the SDK as visible from every shared library.
#define SOCKSERV_API __attribute__((visibility("default")))

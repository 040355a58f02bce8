#pragma once
// Typed scalars of the config: sizes ("64KiB") and durations ("30s").

#include <sockserv/time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockserv::config {

/// Bytes from "512", "64KiB", "4MiB", "1GiB", "10KB" (1000s), "1.5MiB"; nullopt if malformed,
/// negative or too large. Units: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB; a fraction of a
/// byte is dropped.
std::optional<std::uint64_t> parse_size(std::string_view text);
/// A duration from "250ms", "30s", "5m", "1h", "1.5s", "10" (seconds), "0"; nullopt if
/// malformed, negative or too large. Units: ns, us, ms, s, m, h.
std::optional<Duration> parse_duration(std::string_view text);
/// An integer, optionally signed; nullopt if malformed or out of range.
std::optional<std::int64_t> parse_integer(std::string_view text);
/// YAML's booleans: true/false, yes/no, on/off (any case); nullopt otherwise.
std::optional<bool> parse_bool(std::string_view text);

/// "64KiB" style, the largest unit that divides exactly.
std::string format_size(std::uint64_t bytes);
/// "30s" style, the largest unit that divides exactly.
std::string format_duration(Duration d);

}  // namespace sockserv::config

#include "command.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace file_plugin {
namespace {

std::optional<unsigned> parse_number(std::string_view text, unsigned max) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > max)
    return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t at; (at = text.find(separator)) != std::string_view::npos;) {
    parts.push_back(text.substr(0, at));
    text = text.substr(at + 1);
  }
  parts.push_back(text);
  return parts;
}

}  // namespace

Command parse_command(std::string_view line) {
  // IAC (255) starts a Telnet command of two bytes (IAC IP, IAC DM): skip them.
  while (line.size() >= 2 && static_cast<unsigned char>(line[0]) == 255) line.remove_prefix(2);
  Command command;
  auto space = line.find(' ');
  auto verb = line.substr(0, space);
  command.verb.reserve(verb.size());
  for (char c : verb) command.verb += char(std::toupper(static_cast<unsigned char>(c)));
  if (space != std::string_view::npos) command.arg = std::string(line.substr(space + 1));
  return command;
}

std::string reply_line(int code, std::string_view text) {
  return std::to_string(code) + " " + std::string(text) + "\r\n";
}

std::string reply_lines(int code, const std::vector<std::string>& lines) {
  if (lines.size() < 2) return reply_line(code, lines.empty() ? "" : lines.front());
  std::string out = std::to_string(code) + "-" + lines.front() + "\r\n";
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) out += " " + lines[i] + "\r\n";
  return out + reply_line(code, lines.back());
}

std::optional<HostPort> parse_port_arg(std::string_view arg) {
  auto parts = split(arg, ',');
  if (parts.size() != 6) return std::nullopt;
  unsigned n[6];
  for (int i = 0; i < 6; ++i) {
    auto value = parse_number(parts[i], 255);
    if (!value) return std::nullopt;
    n[i] = *value;
  }
  HostPort out;
  out.host = std::to_string(n[0]) + "." + std::to_string(n[1]) + "." + std::to_string(n[2]) +
             "." + std::to_string(n[3]);
  out.port = std::uint16_t(n[4] * 256 + n[5]);
  if (out.port == 0) return std::nullopt;
  return out;
}

std::optional<HostPort> parse_eprt_arg(std::string_view arg, int* protocol) {
  if (arg.size() < 2) return std::nullopt;
  auto parts = split(arg.substr(1), arg[0]);  // the first character is the delimiter
  if (parts.size() != 4 || !parts[3].empty()) return std::nullopt;
  auto family = parse_number(parts[0], 2);
  auto port = parse_number(parts[2], 65535);
  if (!family || *family == 0 || !port || *port == 0) return std::nullopt;
  std::string host(parts[1]);
  unsigned char buffer[16];
  if (inet_pton(*family == 1 ? AF_INET : AF_INET6, host.c_str(), buffer) != 1)
    return std::nullopt;
  if (protocol) *protocol = int(*family);
  return HostPort{host, std::uint16_t(*port)};
}

std::string pasv_text(std::string_view ipv4, std::uint16_t port) {
  std::string host(ipv4);
  std::replace(host.begin(), host.end(), '.', ',');
  return "Entering Passive Mode (" + host + "," + std::to_string(port / 256) + "," +
         std::to_string(port % 256) + ")";
}

std::optional<PortRange> parse_port_range(std::string_view text) {
  if (text == "0") return PortRange{};
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto first = parse_number(text.substr(0, dash), 65535);
  auto last = parse_number(text.substr(dash + 1), 65535);
  if (!first || !last || *first == 0 || *first > *last) return std::nullopt;
  return PortRange{std::uint16_t(*first), std::uint16_t(*last)};
}

}  // namespace file_plugin

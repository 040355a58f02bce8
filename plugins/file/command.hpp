#pragma once
// The FTP control language: a command line parsed into verb and argument, replies in the
// RFC 959 single- and multi-line forms, and the address arguments of PORT, EPRT, PASV and
// EPSV.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace file_plugin {

/// One command: the verb in upper case, and the rest of the line after one space.
struct Command {
  std::string verb;
  std::string arg;
};

/// Parses a control line (CRLF already removed). Telnet IAC sequences a client sends before
/// an urgent ABOR (IAC IP IAC DM) are dropped.
Command parse_command(std::string_view line);

/// "CODE text\r\n".
std::string reply_line(int code, std::string_view text);

/// The multi-line form: "CODE-first\r\n", " line\r\n" for each middle line, "CODE last\r\n".
std::string reply_lines(int code, const std::vector<std::string>& lines);

/// A host and port named by PORT or EPRT.
struct HostPort {
  std::string host;  ///< an IP literal
  std::uint16_t port = 0;
};

/// Parses PORT's "h1,h2,h3,h4,p1,p2"; nullopt if malformed.
std::optional<HostPort> parse_port_arg(std::string_view arg);

/// Parses EPRT's "|1|1.2.3.4|port|" or "|2|::1|port|"; nullopt if malformed. `protocol`
/// gets 1 or 2.
std::optional<HostPort> parse_eprt_arg(std::string_view arg, int* protocol = nullptr);

/// PASV's reply text: "Entering Passive Mode (h1,h2,h3,h4,p1,p2)".
std::string pasv_text(std::string_view ipv4, std::uint16_t port);

/// The inclusive range passive ports are taken from; {0, 0} means any free port.
struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
};

/// Parses "0" or "FIRST-LAST" (1 <= FIRST <= LAST <= 65535); nullopt if malformed.
std::optional<PortRange> parse_port_range(std::string_view text);

}  // namespace file_plugin

#pragma once
// The load modes of sockserv-load; each runs to its bound, prints one JSON line and
// returns the exit status (0 if every message was answered, 1 otherwise).

#include "args.hpp"

namespace bench {

/// TCP ping-pong: N connections, one message in flight on each.
int run_tcp(const Args& args);
/// UDP ping-pong: N connected sockets, one datagram in flight on each.
int run_udp(const Args& args);
/// Connection rate: connect, one round trip, close; C at a time.
int run_connrate(const Args& args);
/// Idle connections: open K, hold them, then one round trip on each.
int run_idle(const Args& args);

}  // namespace bench

#pragma once
/// @file sockserv.hpp
/// The whole SDK in one include.

#include <sockserv/access_list.hpp>
#include <sockserv/acceptor.hpp>
#include <sockserv/address.hpp>
#include <sockserv/channel.hpp>
#include <sockserv/connect.hpp>
#include <sockserv/datagram.hpp>
#include <sockserv/endpoint.hpp>
#include <sockserv/error.hpp>
#include <sockserv/event.hpp>
#include <sockserv/handler.hpp>
#include <sockserv/limits.hpp>
#include <sockserv/log.hpp>
#include <sockserv/metrics.hpp>
#include <sockserv/options.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/policies.hpp>
#include <sockserv/policy.hpp>
#include <sockserv/request.hpp>
#include <sockserv/server.hpp>
#include <sockserv/spawn.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/task.hpp>
#include <sockserv/time.hpp>
#include <sockserv/transport.hpp>
#include <sockserv/version.hpp>
#include <sockserv/wait_list.hpp>

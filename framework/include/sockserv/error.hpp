#pragma once
/// @file error.hpp
/// Exceptions the SDK throws. Each ends only the request it is thrown in: the framework
/// catches it at the request boundary, logs it with server, plugin and peer, and serves on.

#include <sockserv/api.hpp>

#include <stdexcept>
#include <string>

namespace sockserv {

/// Base of every sockserv exception.
class SOCKSERV_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An operation's timeout passed before it completed.
class SOCKSERV_API TimeoutError : public Error {
 public:
  using Error::Error;
};

/// The peer reset the connection or stopped reading (ECONNRESET, EPIPE): not a handler bug,
/// so the framework logs it at debug level only.
class SOCKSERV_API ConnectionError : public Error {
 public:
  /// `code` is the errno that reported it.
  ConnectionError(const std::string& what, int code) : Error(what), code_(code) {}
  /// The errno that reported it.
  int code() const noexcept { return code_; }

 private:
  int code_;
};

/// The server is shutting down and its drain deadline has passed: the request must end.
class SOCKSERV_API CancelledError : public Error {
 public:
  using Error::Error;
};

/// read_line met more than its limit of bytes without a line end.
class SOCKSERV_API LineTooLongError : public Error {
 public:
  using Error::Error;
};

/// A system call failed for a reason other than those above.
class SOCKSERV_API SystemError : public Error {
 public:
  /// `what` names the operation; `code` is its errno.
  SystemError(const std::string& what, int code);
  /// The errno that reported it.
  int code() const noexcept { return code_; }

 private:
  int code_;
};

}  // namespace sockserv

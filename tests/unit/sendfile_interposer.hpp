#pragma once
// A sendfile(2) of the unit tests' own, which the SDK's calls reach (an executable's
// definition comes first in symbol lookup). It passes every call to the kernel, except one
// after break_next_sendfile(): that one plays a socket shut down by another thread in the
// middle of the call, as an FTP ABOR does to a download's data connection.

namespace sockserv::test {

/// The next sendfile(2) in this process sends half of what it is asked, shuts the socket's
/// write side down, tries the rest (the kernel refuses with EPIPE and raises SIGPIPE on the
/// calling thread, as a long call's later pieces do) and returns the half it did send.
void break_next_sendfile();

/// True once the broken call saw the kernel raise SIGPIPE: the premise of a test using it.
bool broken_sendfile_raised_sigpipe();

}  // namespace sockserv::test

#include <sockserv/handler.hpp>

namespace sockserv {

StreamHandler::~StreamHandler() = default;
void StreamHandler::setup(Stream&) {}
void StreamHandler::finish(Stream&) {}

DatagramHandler::~DatagramHandler() = default;
void DatagramHandler::setup(Datagram&) {}
void DatagramHandler::finish(Datagram&) {}

}  // namespace sockserv

// chat: the library's one export. The classes live in chat_core, which the tests use too.
#include "chat_plugin.hpp"

SOCKSERV_PLUGIN(chat::ChatPlugin)

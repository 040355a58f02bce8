// Exports the file plugin (the classes live in the plugin's core library, which the tests
// link too).
#include "file_plugin.hpp"

SOCKSERV_PLUGIN(file_plugin::FilePlugin)

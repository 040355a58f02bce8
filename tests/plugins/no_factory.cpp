// A correct manifest, but no factory aliases.
#include <sockserv/manifest.hpp>

SOCKSERV_DEFINE_MANIFEST("handler")

// A library claiming another compiler, its manifest written out by hand.
#include <sockserv/manifest.hpp>

extern "C" __attribute__((visibility("default"))) const ::sockserv_manifest sockserv_manifest = {
    SOCKSERV_MANIFEST_MAGIC, SOCKSERV_ABI_VERSION, "handler", "gcc 1",
    SOCKSERV_STDLIB_FINGERPRINT};

// A library claiming another SDK ABI. The manifest is written out by hand rather than
// with SOCKSERV_DEFINE_MANIFEST, so the SDK needs no knob for it.
#include <sockserv/manifest.hpp>

extern "C" __attribute__((visibility("default"))) const ::sockserv_manifest sockserv_manifest = {
    SOCKSERV_MANIFEST_MAGIC, 999u, "handler", SOCKSERV_COMPILER_FINGERPRINT,
    SOCKSERV_STDLIB_FINGERPRINT};

// A valid shared library that is not a sockserv plugin.
extern "C" __attribute__((visibility("default"))) int no_manifest_answer() { return 42; }

# Warnings are per target, never a global flags string.
function(sockserv_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()

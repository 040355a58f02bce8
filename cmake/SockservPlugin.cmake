# sockserv_add_plugin(NAME SOURCES src... [OUTPUT_DIRECTORY dir] [INSTALL])
# Builds NAME.so as a loadable sockserv plugin (handler or policy): no "lib" prefix, output
# name NAME, hidden visibility so only the manifest and factory aliases (SOCKSERV_PLUGIN /
# SOCKSERV_POLICY) are exported, linked to sockserv::sdk.
#  OUTPUT_DIRECTORY  where NAME.so is built. Default: SOCKSERV_PLUGIN_DIR if set (the
#                    sockserv build tree sets it), else ${CMAKE_BINARY_DIR}/plugins.
#  INSTALL           `cmake --install` puts NAME.so in <prefix>/lib/sockserv/plugins, the
#                    folder an installed `sockserv` searches without configuration.
# Works in the sockserv tree and, installed with the SDK, after find_package(sockserv).
function(sockserv_add_plugin name)
  cmake_parse_arguments(ARG "INSTALL" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "sockserv_add_plugin(${name}): SOURCES is required")
  endif()
  if(NOT ARG_OUTPUT_DIRECTORY)
    if(SOCKSERV_PLUGIN_DIR)
      set(ARG_OUTPUT_DIRECTORY ${SOCKSERV_PLUGIN_DIR})
    else()
      set(ARG_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/plugins)
    endif()
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE sockserv::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${name}
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    # Installed in <prefix>/lib/sockserv/plugins: libsockserv.so is two folders up.
    INSTALL_RPATH "$ORIGIN/../..")
  if(COMMAND sockserv_warnings)
    sockserv_warnings(${name})
  endif()
  if(ARG_INSTALL)
    set(destination ${SOCKSERV_PLUGIN_INSTALL_DIR})
    if(NOT destination)
      set(destination lib/sockserv/plugins)
    endif()
    install(TARGETS ${name} LIBRARY DESTINATION ${destination})
  endif()
endfunction()

# sockserv_add_plugin(NAME SOURCES src... [OUTPUT_DIRECTORY dir])
# Builds NAME.so as a loadable sockserv plugin (handler or policy): hidden visibility so
# only the manifest and factory aliases are exported, linked to the SDK.
function(sockserv_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY ${SOCKSERV_PLUGIN_DIR})
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE sockserv::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${name}
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  sockserv_warnings(${name})
endfunction()

# The installed SDK as packages: a CMake package (find_package(sockserv)), pkg-config files,
# and the Debian package built by `cpack -G DEB`.
include(CMakePackageConfigHelpers)

set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/sockserv)
install(EXPORT sockservTargets NAMESPACE sockserv:: DESTINATION ${cmake_dir})
configure_package_config_file(cmake/sockservConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/sockservConfig.cmake
  INSTALL_DESTINATION ${cmake_dir}
  PATH_VARS CMAKE_INSTALL_BINDIR SOCKSERV_PLUGIN_INSTALL_DIR)
# 0.x: a new minor version may break the SDK ABI (the loader checks it too).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/sockservConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/package/sockservConfig.cmake
  ${PROJECT_BINARY_DIR}/package/sockservConfigVersion.cmake
  cmake/SockservPlugin.cmake
  DESTINATION ${cmake_dir})

foreach(pc sockserv sockserv-testing)
  configure_file(cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/package/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/package/${pc}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# Only in the .deb (component "service", left out of a plain `cmake --install`, which must
# not write to /etc): the default config and the systemd unit, at their system paths.
install(FILES packaging/sockserv.yaml DESTINATION /etc/sockserv
  COMPONENT service EXCLUDE_FROM_ALL)
install(FILES packaging/sockserv.service DESTINATION /lib/systemd/system
  COMPONENT service EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sockserv)
set(CPACK_PACKAGE_VENDOR "sockserv")
set(CPACK_PACKAGE_CONTACT "sockserv maintainers <sockserv@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "The sockserv command and its bundled plugins, a systemd unit, a default config in
/etc/sockserv, and the SDK (headers, libsockserv, CMake package, pkg-config files, plugin
test harness) for building and testing plugins out of tree.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL sockserv service)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# The Debian 12 packages of the libraries `sockserv` and libsockserv.so link (ldd, dpkg -S).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libc6 (>= 2.36), libstdc++6 (>= 12), libyaml-cpp0.7, libspdlog1.10, libfmt9, libboost-context1.81.0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libboost1.81-dev, cmake, g++, libgtest-dev")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

# Finds the LibreOffice SDK that Debian's libreoffice-dev installs, which ships neither a
# CMake package nor a pkg-config file: its tools (unoidl-write, cppumaker), the URE's
# types.rdb, the C++ headers of sal/cppu/cppuhelper and their libraries.
#   LibreOfficeSDK_FOUND, LibreOfficeSDK_UNOIDL_WRITE, LibreOfficeSDK_CPPUMAKER,
#   LibreOfficeSDK_TYPES_RDB, and the imported target LibreOfficeSDK::cppuhelper.
set(_lo_root /usr/lib/libreoffice)
find_program(LibreOfficeSDK_UNOIDL_WRITE unoidl-write PATHS ${_lo_root}/sdk/bin NO_DEFAULT_PATH)
find_program(LibreOfficeSDK_CPPUMAKER cppumaker PATHS ${_lo_root}/sdk/bin NO_DEFAULT_PATH)
find_file(LibreOfficeSDK_TYPES_RDB types.rdb PATHS ${_lo_root}/program NO_DEFAULT_PATH)
find_path(LibreOfficeSDK_INCLUDE_DIR cppuhelper/implbase8.hxx PATH_SUFFIXES libreoffice)
foreach(_lib uno_sal uno_cppu uno_cppuhelpergcc3)
  find_library(LibreOfficeSDK_${_lib}_LIBRARY ${_lib} PATHS ${_lo_root}/sdk/lib NO_DEFAULT_PATH)
endforeach()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibreOfficeSDK REQUIRED_VARS
  LibreOfficeSDK_UNOIDL_WRITE LibreOfficeSDK_CPPUMAKER LibreOfficeSDK_TYPES_RDB LibreOfficeSDK_INCLUDE_DIR
  LibreOfficeSDK_uno_sal_LIBRARY LibreOfficeSDK_uno_cppu_LIBRARY LibreOfficeSDK_uno_cppuhelpergcc3_LIBRARY)

if(LibreOfficeSDK_FOUND AND NOT TARGET LibreOfficeSDK::cppuhelper)
  add_library(LibreOfficeSDK::cppuhelper INTERFACE IMPORTED)
  # The libraries live in the program folder, which is not on the loader's path.
  get_filename_component(_lo_program "${LibreOfficeSDK_TYPES_RDB}" DIRECTORY)
  set_target_properties(LibreOfficeSDK::cppuhelper PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${LibreOfficeSDK_INCLUDE_DIR}"
    INTERFACE_COMPILE_DEFINITIONS "LINUX;UNX;CPPU_ENV=gcc3"
    INTERFACE_LINK_LIBRARIES "${LibreOfficeSDK_uno_cppuhelpergcc3_LIBRARY};${LibreOfficeSDK_uno_cppu_LIBRARY};${LibreOfficeSDK_uno_sal_LIBRARY}"
    INTERFACE_LINK_OPTIONS "LINKER:-rpath,${_lo_program}")
endif()

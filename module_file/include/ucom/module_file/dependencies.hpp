// The libraries the dynamic loader would load with a module (its DT_NEEDED entries, and
// theirs), found where ld.so would find them and held to the load policy before the module
// is loaded: a plugin's RUNPATH into a folder others can write must not run their code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <ucom/error.hpp>
#include <ucom/module_file/descriptor.hpp>

namespace ucom::module_file {

struct dependency {
    std::string name;            // as DT_NEEDED names it
    std::filesystem::path file;  // where it was found
    std::string needed_by;       // the module, or the library that needs it
    std::string found_through;   // "RUNPATH", "RPATH", "LD_LIBRARY_PATH", "ld.so.cache", ...
};

enum class loaded_libraries {
    trust, // a library this process has loaded already (as ld.so matches names) is not looked for
    check, // every library is looked for and checked (a program, which loads libucom itself)
    // Every library but libucom is looked for and checked (ucom register and verify: the host
    // is another process). Any process that loads a plugin runs the loader, so it has libucom
    // loaded, and ld.so matches a loaded soname before it searches.
    check_plugin,
};

// Resolves the DT_NEEDED libraries of the module `module` (as it will be passed to
// dlopen: $ORIGIN is its folder) and of every library they pull in, the way ld.so does:
// a name with a slash is a path; otherwise DT_RPATH (when there is no DT_RUNPATH) of the
// library that needs it and of those that needed it, then LD_LIBRARY_PATH (not in secure
// mode), DT_RUNPATH, /etc/ld.so.cache and the system folders (unless DF_1_NODEFLIB),
// with glibc's hwcaps subfolders of each folder. Every library found, and every search
// folder tried before it, must pass the load policy (policy.hpp). Returns the libraries
// checked; E_ACCESSDENIED names the library, who needs it, where it was found and why it
// is refused; CO_E_DLLNOTFOUND when a library is found nowhere.
result<std::vector<dependency>> check_dependencies(const std::filesystem::path &module,
                                                   const descriptor::dynamic_section &dynamic,
                                                   loaded_libraries loaded);

// What the loader would decide about the module file `file` before loading it, without
// loading it: open_checked, its descriptor read through that descriptor (with the entry
// points it defines), then check_dependencies of every library it needs (loaded by this
// process or not). Returns the descriptor. For `ucom register` (a warning) and `ucom
// verify` (a problem).
result<descriptor::module_info> check_loadable(const std::filesystem::path &file);

} // namespace ucom::module_file

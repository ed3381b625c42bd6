// The dynamic loader's cache, /etc/ld.so.cache (written by ldconfig): where ld.so finds a
// library by name after the search folders a library names itself.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ucom::module_file {

// Every file the cache lists for `name` (a DT_NEEDED name), in the cache's order: ld.so
// takes one of them, the best its hardware supports, so a caller checks them all. Empty
// when the cache is missing, unreadable or of a format this reader does not know.
std::vector<std::filesystem::path> ld_cache_entries(const std::string &name,
                                                    const std::filesystem::path &cache = "/etc/ld.so.cache");

} // namespace ucom::module_file

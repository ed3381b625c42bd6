// A cheap pass over a registry's text before toml++ parses it: toml++ recurses once per
// part of a dotted key, per table header part and per nested inline table or array, so a
// small file of 50,000 parts would overflow the stack. This counts that depth without
// recursing (toml_file.cpp refuses the text past max_nesting).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace ucom::registry {

struct nesting_excess {
    std::size_t offset = 0; // where the depth passed the limit, in bytes
    std::size_t depth = 0;
};

// The first place where the text nests deeper than `limit`: the parts of the current table
// header, plus the open `[` and `{` of the current value, plus the parts of the key being
// read. Strings and comments are skipped; a dot in a number counts too (one at most: a
// safe overestimate).
std::optional<nesting_excess> find_excess_nesting(std::string_view text, std::size_t limit);

} // namespace ucom::registry

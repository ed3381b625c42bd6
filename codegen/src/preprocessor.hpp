// Preprocessor: runs the directives of a file's tokens (#include, #define, #undef, #if,
// #ifdef, #ifndef, #elif, #else, #endif, #pragma, #error, #line-less) and expands macros.
// The output keeps each token's original location, so diagnostics point into the file and
// line a token came from, across includes and macro expansions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "pp_budget.hpp"
#include "source_manager.hpp"
#include "token.hpp"

namespace ucom::idl {

struct preprocessor_options {
    std::vector<std::filesystem::path> include_dirs; // -I, searched in order
    // -D NAME (value "1") or NAME=VALUE, applied in order before the file's first line.
    std::vector<std::pair<std::string, std::string>> defines;
    preprocessor_limits limits;
};

// Where `#include "name"` / `import "name"` finds its file: the including file's folder first
// (quoted form only), then each include dir. Empty when nowhere.
std::optional<std::filesystem::path> find_include(const std::string &name, const std::filesystem::path &including_file,
                                                  const std::vector<std::filesystem::path> &include_dirs, bool angled);
// Where `#include_next "name"` (or `<name>`) finds it, as gcc's: the include dirs after the
// one the including file was found in (all of them when it was found in none).
std::optional<std::filesystem::path> find_include_next(const std::string &name,
                                                       const std::filesystem::path &including_file,
                                                       const std::vector<std::filesystem::path> &include_dirs);

// The tokens of `file` with directives executed and macros expanded, ending with one
// end_of_file token. Predefined: __midl (501, as MIDL 8 does), __UCOM_IDL__ (1).
// Errors are reported to `diags`; the result is still usable for further error finding,
// except after a limit of `options.limits` was hit: the result is then end_of_file alone.
std::vector<token> preprocess(source_manager &sources, file_id file, const preprocessor_options &options,
                              diagnostics &diags);

} // namespace ucom::idl

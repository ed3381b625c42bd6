// Parser: preprocessed tokens of one file to its syntax tree. Recursive descent, one function
// per grammar rule with the rule in a comment above it. No semantic checks here (names are
// not looked up; that is the resolver's job). After a syntax error it reports, skips to the
// next ';' or '}' at the current nesting level, and goes on.
#pragma once

#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "token.hpp"

namespace ucom::idl {

// `tokens` ends with an end_of_file token (as preprocess() returns them).
idl_file parse(const std::vector<token> &tokens, file_id file, const source_manager &sources, diagnostics &diags);

} // namespace ucom::idl

// Lexer: a file's text to tokens, with comments and line continuations removed. Reports
// malformed literals and stray characters and keeps going.
#pragma once

#include <vector>

#include "diagnostics.hpp"
#include "source_manager.hpp"
#include "token.hpp"

namespace ucom::idl {

// All tokens of one file, ending with an end_of_file token located at the end of the text.
std::vector<token> lex(const source_manager &sources, file_id file, diagnostics &diags);

} // namespace ucom::idl

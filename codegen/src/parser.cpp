#include "parser.hpp"
// Placeholder while the parser is being written.
namespace ucom::idl {
idl_file parse(const std::vector<token> &, file_id file, const source_manager &, diagnostics &) { return {file, {}}; }
} // namespace ucom::idl

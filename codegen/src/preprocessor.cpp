#include "preprocessor.hpp"
// Placeholder while the preprocessor is being written: passes tokens through.
#include "lexer.hpp"
namespace ucom::idl {
std::optional<std::filesystem::path> find_include(const std::string &, const std::filesystem::path &,
                                                  const std::vector<std::filesystem::path> &, bool)
{
    return std::nullopt;
}
std::vector<token> preprocess(source_manager &sources, file_id file, const preprocessor_options &, diagnostics &diags)
{
    return lex(sources, file, diags);
}
} // namespace ucom::idl

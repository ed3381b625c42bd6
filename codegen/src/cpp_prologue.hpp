// The opening the C++ outputs of ucom-idl share (FILE_impl.hpp, FILE_client.hpp): the
// banner, #pragma once, the runtime headers the output builds on, the same output of each
// imported file, and the file's own C header.
#pragma once

#include <string_view>
#include <vector>

#include "code_writer.hpp"
#include "writers.hpp"

namespace ucom::idl {

struct cpp_output {
    std::string_view purpose;                     // the banner's second line
    std::vector<std::string_view> runtime_headers; // <ucom/…> headers it includes
    std::string_view suffix;                      // "_impl.hpp": what each import's output is named
};

void write_cpp_prologue(code_writer &w, const resolved_model &model, const writer_options &options,
                        const cpp_output &output);

} // namespace ucom::idl

// Names the generated headers cannot use: C99 and C++17 keywords (a header that is valid C
// but not C++ would break every C++ plugin), the names the header itself takes (`This`,
// the first parameter of every vtable slot; `lpVtbl`, the vtable member), and those the
// C++ implementation glue and implements<> take.
#pragma once

#include <string_view>

namespace ucom::idl {

bool is_c_or_cpp_keyword(std::string_view name);
bool is_generated_member_name(std::string_view name);
// Names the C++ glue and ucom::implements<> give the implementing class and the thunks: a
// method of that name would hide them (or, for `release`, silently replace Release's work).
bool is_glue_method_name(std::string_view name);
bool is_glue_parameter_name(std::string_view name);

} // namespace ucom::idl

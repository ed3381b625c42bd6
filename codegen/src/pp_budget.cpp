// The preprocess stage's account of files read, output made and macros expanded: every limit
// of pp_budget.hpp is checked here, at the moment it is spent.
#include "pp_budget.hpp"

#include <algorithm>

namespace ucom::idl {

bool pp_budget::stop(source_location at, diag id, std::uint64_t limit)
{
    if (!exhausted_) {
        exhausted_ = true;
        diags_.report(at, id, limit);
    }
    return false;
}

std::uint64_t pp_budget::output_limit() const
{
    const std::uint64_t per_byte = limits_.output_per_source_byte;
    const bool overflows = per_byte != 0 && source_bytes_ > UINT64_MAX / per_byte; // a ratio set very high
    return std::max(limits_.output_floor, overflows ? UINT64_MAX : per_byte * source_bytes_);
}

bool pp_budget::read_file(file_id file, std::size_t bytes, source_location at)
{
    if (counted_.insert(file).second) {
        source_bytes_ += bytes;
    }
    return charge_output(bytes, at);
}

bool pp_budget::charge_output(std::uint64_t bytes, source_location at)
{
    if (exhausted_) {
        return false;
    }
    output_bytes_ += bytes;
    return output_bytes_ <= output_limit() || stop(at, diag::err_pp_output_too_large, output_limit());
}

bool pp_budget::count_expansion(source_location at)
{
    if (exhausted_) {
        return false;
    }
    return ++expansions_ <= limits_.expansions || stop(at, diag::err_pp_too_many_expansions, limits_.expansions);
}

bool pp_budget::enter_argument(source_location at)
{
    ++argument_depth_;
    if (exhausted_) {
        return false;
    }
    return argument_depth_ <= limits_.macro_nesting ||
           stop(at, diag::err_pp_macro_nesting_too_deep, limits_.macro_nesting);
}

} // namespace ucom::idl

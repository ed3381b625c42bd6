// The C++ virtual-call baseline, defined away from its callers.
#include "baselines.hpp"

namespace bench {
namespace {

class fixed_number final : public virtual_number {
public:
    HRESULT number(int32_t *value) override
    {
        *value = 7;
        return S_OK;
    }
};

} // namespace

virtual_number *make_virtual_number()
{
    return new fixed_number();
}

} // namespace bench

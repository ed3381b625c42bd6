// The IDL file the ucom-idl compile benchmark feeds the compiler: a given number of
// [object] interfaces of ten methods each, deterministic (same count, same bytes).
#pragma once

#include <string>

namespace bench {

constexpr int methods_per_interface = 10;

// `import "unknwn.idl";`, a few structs and enums, `interfaces` interfaces named IBench<i>
// with fixed UUIDs, and one coclass per hundred interfaces (at least one). In each group of
// ten, the 8th derives from the 7th and the 9th from the 8th (chains of three, as versioned
// interfaces IFoo, IFoo2, IFoo3 do); the others derive from IUnknown. The methods mix
// [in] long, hyper, double, boolean, strings, sized byte buffers, structs and enums by
// value and by pointer, [out, retval], [in, out], [out] IUnknown ** and iid_is.
std::string generated_idl(int interfaces);

} // namespace bench

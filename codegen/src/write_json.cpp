// <stem>.json: the machine-readable description of the main file, for tools, the registry
// and dynamic invocation, which read it instead of parsing IDL. The schema, and the rule for
// changing it, are in docs/idl-json.md; keys keep insertion order so the output is stable.
#include "fingerprint.hpp"
#include "json_stream.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"
#include "writers.hpp"

namespace ucom::idl {
namespace {

// Bumped only when a field is removed, renamed or changes meaning; additions keep it.
constexpr int schema_version = 1;

void string_or_null(json_stream &out, const std::string &text)
{
    out.value_or_null(text.empty() ? nullptr : &text);
}

void uuid_or_null(json_stream &out, const std::optional<uuid_value> &value)
{
    if (value) {
        out.value(to_string(*value));
    } else {
        out.value(nullptr);
    }
}

// {"idl": "long *", "c": "int32_t *"}: the IDL spelling for people and tools that know MIDL,
// the C spelling for code that calls through the vtable.
void type_json(json_stream &out, const type &t)
{
    out.begin_object();
    out.key("idl").value(declaration(dialect::idl, t));
    out.key("c").value(declaration(dialect::c, t));
    out.end_object();
}

void type_or_null(json_stream &out, const type *t)
{
    if (t != nullptr) {
        type_json(out, *t);
    } else {
        out.value(nullptr);
    }
}

void expression_or_null(json_stream &out, const expr *e)
{
    if (e != nullptr) {
        out.value(expression(*e));
    } else {
        out.value(nullptr);
    }
}

// Attribute arguments are not evaluated by the resolver (id(n), case labels are): a literal
// integer, possibly negated, is still a number to a reader of the description.
std::optional<std::int64_t> integer_of(const expr &e)
{
    if (e.value) {
        return e.value;
    }
    if (e.kind == expr_kind::integer) {
        return static_cast<std::int64_t>(e.integer_value);
    }
    if (e.kind == expr_kind::unary && e.text == "-" && e.operands.size() == 1 && e.operands[0]) {
        if (auto inner = integer_of(*e.operands[0])) {
            return -*inner;
        }
    }
    return std::nullopt;
}

// A number when the expression has an integer value, else its spelling.
void value_json(json_stream &out, const expr &e)
{
    if (auto value = integer_of(e)) {
        out.value(*value);
    } else {
        out.value(expression(e));
    }
}

// Every attribute as written, arguments spelled: nothing is lost, and new attributes need no
// schema change. switch_type's type argument comes first, as in the source.
void attribute_json(json_stream &out, const attribute &a)
{
    out.begin_object();
    out.key("name").value(a.name);
    out.key("args").begin_array();
    if (a.type_arg) {
        out.value(declaration(dialect::idl, *a.type_arg));
    }
    for (const auto &arg : a.args) {
        expression_or_null(out, arg.get());
    }
    out.end_array();
    out.end_object();
}

void attributes_json(json_stream &out, const attribute_list &attrs)
{
    out.begin_array();
    for (const auto &a : attrs) {
        attribute_json(out, a);
    }
    out.end_array();
}

// The first argument of attribute `id` as text (a string decoded, anything else spelled),
// or null without it.
void attribute_text(json_stream &out, const attribute_set &attrs, attribute_id id)
{
    const auto *a = attrs.find(id);
    if (a == nullptr || a->written->args.empty() || !a->written->args[0]) {
        out.value(nullptr);
        return;
    }
    const auto &arg = *a->written->args[0];
    if (arg.kind == expr_kind::string) {
        out.value(arg.text);
    } else {
        out.value(expression(arg));
    }
}

void attributes_json(json_stream &out, const attribute_set &attrs)
{
    out.begin_array();
    for (const auto &a : attrs.all()) {
        attribute_json(out, *a.written);
    }
    out.end_array();
}

void bound_expression(json_stream &out, const model_bound &b)
{
    expression_or_null(out, b.expression);
}

// The positions of size_is or length_is, spelled; null without it. `size_is(, n)` on a
// pointer to pointer keeps its empty first position as null.
void bounds_json(json_stream &out, const attribute_set &attrs, attribute_id id, const std::vector<model_bound> &bounds)
{
    if (!attrs.has(id)) {
        out.value(nullptr);
        return;
    }
    out.begin_array();
    for (const auto &b : bounds) {
        bound_expression(out, b);
    }
    out.end_array();
}

void bound_json(json_stream &out, const std::optional<model_bound> &bound)
{
    if (!bound) {
        out.value(nullptr);
        return;
    }
    out.begin_array();
    bound_expression(out, *bound);
    out.end_array();
}

void parameter_json(json_stream &out, const model_parameter &p)
{
    out.begin_object();
    out.key("name").value(p.name);
    type_or_null(out.key("type"), p.type);
    out.key("direction").value(direction_name(p.direction));
    out.key("retval").value(p.retval);
    attributes_json(out.key("attributes"), p.attributes);
    bounds_json(out.key("size_is"), p.attributes, attribute_id::size_is, p.size_is);
    bounds_json(out.key("length_is"), p.attributes, attribute_id::length_is, p.length_is);
    bound_json(out.key("iid_is"), p.iid_is);
    bound_json(out.key("switch_is"), p.switch_is);
    out.end_object();
}

void property_json(json_stream &out, property_kind kind)
{
    switch (kind) {
    case property_kind::none:
        break;
    case property_kind::get:
        return out.value("propget");
    case property_kind::put:
        return out.value("propput");
    case property_kind::putref:
        return out.value("propputref");
    }
    out.value(nullptr);
}

void dispatch_id(json_stream &out, const attribute_set &attrs)
{
    const auto *a = attrs.find(attribute_id::id);
    if (a != nullptr && a->written->args.size() == 1 && a->written->args[0]) {
        value_json(out, *a->written->args[0]);
    } else {
        out.value(nullptr);
    }
}

// The fields every method shares, wherever it is declared (interface, dispinterface, module).
void describe_method(json_stream &out, const model_method &m)
{
    property_json(out.key("property"), m.property);
    dispatch_id(out.key("id"), m.attributes);
    attributes_json(out.key("attributes"), m.attributes);
    type_or_null(out.key("return_type"), m.return_type);
    out.key("parameters").begin_array();
    for (const auto &p : m.parameters) {
        parameter_json(out, p);
    }
    out.end_array();
    out.key("idl").value(idl_signature(*m.declared));
}

// A method of an object interface: where it sits in the vtable. A [call_as(X)] method is
// the remote form of X and has no slot of its own.
void vtable_method_json(json_stream &out, const model_method &m)
{
    out.begin_object();
    out.key("name").value(m.name);
    out.key("c_name").value(m.c_name);
    if (m.slot >= 0) {
        out.key("slot").value(m.slot);
    } else {
        out.key("slot").value(nullptr);
    }
    attribute_text(out.key("call_as"), m.attributes, attribute_id::call_as);
    describe_method(out, m);
    out.end_object();
}

// A dispinterface method or a module function: no vtable, so no slot.
void described_method_json(json_stream &out, const model_method &m)
{
    out.begin_object();
    out.key("name").value(m.name);
    describe_method(out, m);
    out.end_object();
}

// A canonical text a fingerprint hashes, one array element per line, so that two
// descriptions with different fingerprints can be diffed to see which slot differs.
void layout_lines(json_stream &out, std::string_view layout)
{
    out.begin_array();
    std::size_t start = 0;
    while (start < layout.size()) {
        auto end = layout.find('\n', start);
        if (end == std::string::npos) {
            end = layout.size();
        }
        out.value(layout.substr(start, end - start));
        start = end + 1;
    }
    out.end_array();
}

void interface_json(json_stream &out, const model_interface &itf)
{
    out.begin_object();
    out.key("name").value(itf.name);
    uuid_or_null(out.key("iid"), itf.iid); // null: a C-only interface
    out.key("base").value_or_null(itf.base != nullptr ? &itf.base->name : nullptr);
    uuid_or_null(out.key("base_iid"), itf.base != nullptr ? itf.base->iid : std::nullopt);
    out.key("fingerprint").value(fingerprint_text(itf.fingerprint));
    out.key("slot_count").value(itf.slots.size());
    attributes_json(out.key("attributes"), itf.attributes);
    out.key("methods").begin_array();
    for (const auto &m : itf.methods) {
        vtable_method_json(out, m);
    }
    out.end_array();
    layout_lines(out.key("layout"), itf.canonical_layout);
    out.key("contract_fingerprint").value(fingerprint_text(itf.contract_fingerprint));
    layout_lines(out.key("contract"), itf.canonical_contract);
    out.end_object();
}

// The members of a field, a parameter or an extern declaration: a name with a type and
// attributes.
void typed_name_members(json_stream &out, const std::string &name, const type_ptr &t, const attribute_list &attributes)
{
    out.key("name").value(name);
    type_or_null(out.key("type"), t.get());
    attributes_json(out.key("attributes"), attributes);
}

void field_members(json_stream &out, const field &f)
{
    typed_name_members(out, f.name, f.type, f.attributes);
    if (f.bits && f.bits->value) {
        out.key("bits").value(*f.bits->value); // a bit field's width, only on bit fields
    }
}

void fields_json(json_stream &out, const std::vector<field> &fields)
{
    out.begin_array();
    for (const auto &f : fields) {
        out.begin_object();
        field_members(out, f);
        out.end_object();
    }
    out.end_array();
}

void dispinterface_json(json_stream &out, const model_dispinterface &d)
{
    out.begin_object();
    out.key("name").value(d.name);
    out.key("uuid").value(to_string(d.diid));
    string_or_null(out.key("interface"), d.interface_name);
    attributes_json(out.key("attributes"), d.attributes);
    out.key("properties").begin_array();
    for (const auto *p : d.properties) {
        out.begin_object();
        field_members(out, *p);
        dispatch_id(out.key("id"), attribute_set(p->attributes));
        out.end_object();
    }
    out.end_array();
    out.key("methods").begin_array();
    for (const auto &m : d.methods) {
        described_method_json(out, m);
    }
    out.end_array();
    out.end_object();
}

void coclass_entry_json(json_stream &out, const model_coclass_entry &entry)
{
    out.begin_object();
    out.key("name").value(entry.name);
    out.key("kind").value(entry.is_dispinterface ? "dispinterface" : "interface");
    uuid_or_null(out.key("iid"), entry.iid);
    out.key("default").value(entry.is_default);
    out.key("source").value(entry.is_source);
    attributes_json(out.key("attributes"), entry.attributes);
    out.end_object();
}

void coclass_json(json_stream &out, const model_coclass &c)
{
    out.begin_object();
    out.key("name").value(c.name);
    out.key("clsid").value(to_string(c.clsid));
    attributes_json(out.key("attributes"), c.attributes);
    for (auto [key, id] : {std::pair{"progid", attribute_id::progid},
                           {"vi_progid", attribute_id::vi_progid},
                           {"threading", attribute_id::threading},
                           {"helpstring", attribute_id::helpstring},
                           {"version", attribute_id::version}}) {
        attribute_text(out.key(key), c.attributes, id);
    }
    out.key("interfaces").begin_array();
    for (const auto &entry : c.interfaces) {
        coclass_entry_json(out, entry);
    }
    out.end_array();
    out.end_object();
}

std::string_view kind_name(decl_kind kind)
{
    switch (kind) {
    case decl_kind::interface_:
        return "interface";
    case decl_kind::dispinterface:
        return "dispinterface";
    case decl_kind::coclass:
        return "coclass";
    case decl_kind::library:
        return "library";
    case decl_kind::module:
        return "module";
    case decl_kind::typedef_:
        return "typedef";
    case decl_kind::struct_:
        return "struct";
    case decl_kind::union_:
        return "union";
    case decl_kind::enum_:
        return "enum";
    case decl_kind::const_:
        return "const";
    case decl_kind::variable:
        return "extern";
    case decl_kind::function:
        return "function";
    case decl_kind::import_:
        return "import";
    case decl_kind::importlib:
        return "importlib";
    case decl_kind::cpp_quote:
        return "cpp_quote";
    case decl_kind::pragma:
        return "pragma";
    }
    return "unknown";
}

// What a library contains, by name: the declarations themselves are in the top-level lists.
// A forward declaration counts, since that is how MIDL pulls an interface into a library.
void library_json(json_stream &out, const library_decl &lib)
{
    out.begin_object();
    out.key("name").value(lib.name);
    uuid_or_null(out.key("libid"), lib.libid);
    attributes_json(out.key("attributes"), lib.attributes);
    const attribute_set attrs(lib.attributes);
    attribute_text(out.key("helpstring"), attrs, attribute_id::helpstring);
    attribute_text(out.key("version"), attrs, attribute_id::version);
    out.key("importlibs").begin_array();
    for (const auto &m : lib.members) {
        if (const auto *importlib = as<importlib_decl>(m.get())) {
            out.value(importlib->path);
        }
    }
    out.end_array();
    out.key("members").begin_array();
    for (const auto &m : lib.members) {
        if (as<importlib_decl>(m.get()) == nullptr && !m->name.empty()) {
            out.begin_object();
            out.key("kind").value(kind_name(m->kind));
            out.key("name").value(m->name);
            out.end_object();
        }
    }
    out.end_array();
    out.end_object();
}

void module_json(json_stream &out, const model_module &mod)
{
    out.begin_object();
    out.key("name").value(mod.name);
    attributes_json(out.key("attributes"), mod.attributes);
    attribute_text(out.key("dllname"), mod.attributes, attribute_id::dllname);
    out.key("functions").begin_array();
    for (const auto &f : mod.functions) {
        described_method_json(out, f);
    }
    out.end_array();
    out.end_object();
}

// Opens a type's object with the members every type has.
void type_head(json_stream &out, const decl &d, bool anonymous)
{
    out.begin_object();
    out.key("kind").value(kind_name(d.kind));
    out.key("name").value(d.name);
    out.key("anonymous").value(anonymous);
    attributes_json(out.key("attributes"), d.attributes);
}

void typedef_json(json_stream &out, const typedef_decl &t)
{
    type_head(out, t, false);
    type_or_null(out.key("type"), t.type.get());
    out.end_object();
}

// The packing C gives an aggregate ("pack": N), only where there is one.
void pack_json(json_stream &out, unsigned pack)
{
    if (pack != 0) {
        out.key("pack").value(static_cast<std::int64_t>(pack));
    }
}

void struct_json(json_stream &out, const struct_decl &s)
{
    type_head(out, s, s.anonymous);
    fields_json(out.key("fields"), s.fields);
    pack_json(out, s.pack);
    out.end_object();
}

void union_arm_json(json_stream &out, const union_decl::arm &arm)
{
    out.begin_object();
    out.key("cases").begin_array();
    for (const auto &c : arm.cases) {
        if (c) {
            value_json(out, *c);
        } else {
            out.value(nullptr);
        }
    }
    out.end_array();
    out.key("default").value(arm.is_default);
    string_or_null(out.key("name"), arm.member.name);
    type_or_null(out.key("type"), arm.member.type.get());
    attributes_json(out.key("attributes"), arm.member.attributes);
    out.end_object();
}

void union_json(json_stream &out, const union_decl &u)
{
    type_head(out, u, u.anonymous);
    out.key("encapsulated").value(u.encapsulated);
    // The discriminant's type: written in the union (encapsulated) or in [switch_type(T)].
    type_or_null(out.key("switch_type"), u.discriminant);
    if (u.encapsulated) {
        string_or_null(out.key("switch_name"), u.switch_name);
        out.key("union_name").value(u.union_name.empty() ? std::string_view("u") : std::string_view(u.union_name));
    } else {
        out.key("switch_name").value(nullptr);
        out.key("union_name").value(nullptr);
    }
    out.key("arms").begin_array();
    for (const auto &arm : u.arms) {
        union_arm_json(out, arm);
    }
    out.end_array();
    pack_json(out, u.pack);
    out.end_object();
}

void enum_json(json_stream &out, const enum_decl &e)
{
    type_head(out, e, e.anonymous);
    out.key("enumerators").begin_array();
    for (const auto &item : e.enumerators) {
        out.begin_object();
        out.key("name").value(item.name);
        out.key("value").value(item.c_value);
        attributes_json(out.key("attributes"), item.attributes);
        out.end_object();
    }
    out.end_array();
    out.end_object();
}

// An integer constant's value; a string constant's decoded text; anything else (a floating
// constant) spelled. "expression" always keeps the source spelling.
void constant_json(json_stream &out, const const_decl &c)
{
    out.begin_object();
    out.key("name").value(c.name);
    type_or_null(out.key("type"), c.type.get());
    if (!c.value) {
        out.key("value").value(nullptr);
        out.key("expression").value(nullptr);
    } else {
        if (c.value->value) {
            out.key("value").value(*c.value->value);
        } else if (c.value->kind == expr_kind::string) {
            out.key("value").value(c.value->text);
        } else {
            out.key("value").value(expression(*c.value));
        }
        out.key("expression").value(expression(*c.value));
    }
    out.end_object();
}

// `extern const FMTID FMTID_SummaryInformation;`: data a library exports.
void variable_json(json_stream &out, const variable_decl &v)
{
    out.begin_object();
    typed_name_members(out, v.name, v.type, v.attributes);
    out.end_object();
}

// Walks the main file's declarations (library, interface and module bodies included: the
// one traversal) and files each one into its list, in source order; then writes the lists
// one after the other, each element as it is described, with no document built in between.
class json_writer {
public:
    explicit json_writer(const resolved_model &model) : model_(model) {}

    void run(const writer_options &options, text_sink &sink)
    {
        for_each_declaration(model_.main().decls, [this](const decl &d) { add(d); });
        // Invalid UTF-8 in a helpstring is replaced (U+FFFD) rather than thrown on: the input
        // was accepted, so its description must be writable.
        json_stream out(sink, 2, json_stream::error_handler::replace);
        out.begin_object();
        out.key("ucom_idl_json").value(schema_version);
        out.key("source").value(options.source_name);
        out.key("imports").begin_array();
        for (const auto *path : imports_) {
            out.value(*path);
        }
        out.end_array();
        write_list(out, "interfaces", interfaces_, interface_json);
        write_list(out, "dispinterfaces", dispinterfaces_, dispinterface_json);
        write_list(out, "coclasses", coclasses_, coclass_json);
        write_list(out, "libraries", libraries_, library_json);
        write_list(out, "modules", modules_, module_json);
        write_list(out, "types", types_, type_json_of);
        write_list(out, "constants", constants_, constant_json);
        write_list(out, "variables", variables_, variable_json);
        write_list(out, "functions", functions_, described_method_json);
        out.end_object();
        out.raw("\n");
        out.flush();
    }

private:
    template <class T, class Write>
    static void write_list(json_stream &out, std::string_view key, const std::vector<const T *> &items, Write write)
    {
        out.key(key).begin_array();
        for (const auto *item : items) {
            write(out, *item);
        }
        out.end_array();
    }

    // `struct X;` and its kin declare a name without content: add_type leaves them out.
    static void type_json_of(json_stream &out, const decl &d)
    {
        if (const auto *t = as<typedef_decl>(&d)) {
            typedef_json(out, *t);
        } else if (const auto *s = as<struct_decl>(&d)) {
            struct_json(out, *s);
        } else if (const auto *u = as<union_decl>(&d)) {
            union_json(out, *u);
        } else if (const auto *e = as<enum_decl>(&d)) {
            enum_json(out, *e);
        }
    }

    void add(const decl &d)
    {
        switch (d.kind) {
        case decl_kind::import_:
            for (const auto &path : static_cast<const import_decl &>(d).paths) {
                imports_.push_back(&path);
            }
            break;
        case decl_kind::interface_:
            // A non-object interface (wtypes.idl style) is only a scope for the types in its body.
            if (const auto &itf = static_cast<const interface_decl &>(d); !itf.is_forward) {
                if (const auto *defined = model_.find(itf)) {
                    interfaces_.push_back(defined);
                }
            }
            break;
        case decl_kind::dispinterface:
            if (const auto *di = model_.find(static_cast<const dispinterface_decl &>(d))) {
                dispinterfaces_.push_back(di);
            }
            break;
        case decl_kind::coclass:
            if (const auto *c = model_.find(static_cast<const coclass_decl &>(d))) {
                coclasses_.push_back(c);
            }
            break;
        case decl_kind::library:
            libraries_.push_back(&static_cast<const library_decl &>(d));
            break;
        case decl_kind::module:
            modules_.push_back(model_.find(static_cast<const module_decl &>(d)));
            break;
        case decl_kind::const_:
            constants_.push_back(&static_cast<const const_decl &>(d));
            break;
        case decl_kind::variable:
            variables_.push_back(&static_cast<const variable_decl &>(d));
            break;
        case decl_kind::function:
            functions_.push_back(&model_.find(static_cast<const function_decl &>(d)));
            break;
        case decl_kind::typedef_:
        case decl_kind::struct_:
        case decl_kind::union_:
        case decl_kind::enum_:
            add_type(d);
            break;
        case decl_kind::importlib: // listed by its library
        case decl_kind::cpp_quote: // C text for the headers, nothing to describe
        case decl_kind::pragma:
            break;
        }
    }

    void add_type(const decl &d)
    {
        if (as<typedef_decl>(&d) != nullptr) {
            types_.push_back(&d);
        } else if (const auto *s = as<struct_decl>(&d); s != nullptr && s->is_definition) {
            types_.push_back(&d);
        } else if (const auto *u = as<union_decl>(&d); u != nullptr && u->is_definition) {
            types_.push_back(&d);
        } else if (const auto *e = as<enum_decl>(&d); e != nullptr && e->is_definition) {
            types_.push_back(&d);
        }
    }

    std::vector<const std::string *> imports_;
    std::vector<const model_interface *> interfaces_;
    std::vector<const model_dispinterface *> dispinterfaces_;
    std::vector<const model_coclass *> coclasses_;
    std::vector<const library_decl *> libraries_;
    std::vector<const model_module *> modules_;
    std::vector<const decl *> types_;
    std::vector<const const_decl *> constants_;
    std::vector<const variable_decl *> variables_;
    std::vector<const model_method *> functions_;
    const resolved_model &model_;
};

} // namespace

void write_json(const resolved_model &model, const writer_options &options, text_sink &out)
{
    json_writer(model).run(options, out);
}

} // namespace ucom::idl

// capnpc-c: a `capnp compile -o<path>/capnpc-c:<outdir>` plugin that turns
// the system's schemas into C for lib/capnp (see lib/capnp/capnp.h).
//
// For each requested file `<stem>.capnp` it writes `<outdir>/<stem>.h`:
//   structs     X_r / X_b (reader/builder), X_list_r / X_list_b, sizes,
//               X_get_f / X_has_f / X_set_f / X_init_f accessors, X_which
//               for unions, X_validate (reads every pointer: decode first)
//   enums       typedef enum X { X_member = n } X
//   constants   #define Scope_name value (file scope: <stem>_name)
//   interfaces  X_IFACE_ID, X_<method>_METHOD, X_method_name(), client stubs
//               X_<m>_begin / X_<m>_prepare / X_<m>_results, and the server
//               side: struct X_server (one handler per method) + X_dispatch
// Once per run it writes `<outdir>/interfaces.h` (every interface's name,
// id and method names, for manifests and logs) and, for an enum annotated
// $C.errTable("err"), `<outdir>/err.h`: the system's err_t.
//
// Everything comes from the CodeGeneratorRequest: ids, ordinals, offsets.
// Output is marked GENERATED; nothing in it is meant to be edited.

#include <capnp/schema.capnp.h>
#include <capnp/serialize.h>

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace capnp::schema;

namespace {

std::map<uint64_t, Node::Reader> nodes;
std::map<uint64_t, std::string> cnames;
const char *const GEN = "GENERATED \xe2\x80\x94 do not edit.";

[[noreturn]] void die(const std::string &msg)
{
	fprintf(stderr, "capnpc-c: %s\n", msg.c_str());
	exit(1);
}

Node::Reader node(uint64_t id)
{
	auto it = nodes.find(id);
	if (it == nodes.end()) {
		char b[64];
		snprintf(b, sizeof b, "unknown node 0x%016" PRIx64, id);
		die(b);
	}
	return it->second;
}

std::string hex(uint64_t v)
{
	char b[32];
	snprintf(b, sizeof b, "0x%016" PRIx64, v);
	return b;
}

std::string str(uint64_t v)
{
	return std::to_string(v);
}

std::string stem(std::string path)
{
	auto slash = path.rfind('/');
	if (slash != std::string::npos)
		path = path.substr(slash + 1);
	auto dot = path.rfind(".capnp");
	if (dot != std::string::npos)
		path = path.substr(0, dot);
	return path;
}

bool is_c_keyword(const std::string &s)
{
	static const std::set<std::string> kw = {
		"auto", "break", "case", "char", "const", "continue",
		"default", "do", "double", "else", "enum", "extern", "float",
		"for", "goto", "if", "inline", "int", "long", "register",
		"restrict", "return", "short", "signed", "sizeof", "static",
		"struct", "switch", "typedef", "union", "unsigned", "void",
		"volatile", "while", "bool", "true", "false", "asm",
	};
	return kw.count(s) != 0;
}

std::string ident(const std::string &s)
{
	return is_c_keyword(s) ? s + "_" : s;
}

// The C name of a node: its scoped name with '.' and '$' turned into '_';
// file-scope constants get the file's stem in front.
std::string cname_of(Node::Reader n)
{
	std::string d = n.getDisplayName();
	auto colon = d.find(':');
	std::string file = d.substr(0, colon);
	std::string s = colon == std::string::npos ? d : d.substr(colon + 1);
	for (char &c : s)
		if (c == '.' || c == '$')
			c = '_';
	if (n.isConst() && node(n.getScopeId()).isFile())
		s = stem(file) + "_" + s;
	return s;
}

std::string cname(uint64_t id)
{
	auto it = cnames.find(id);
	if (it == cnames.end())
		return cname_of(node(id));
	return it->second;
}

std::string upper_snake(const std::string &camel)
{
	std::string out;
	for (size_t i = 0; i < camel.size(); i++) {
		char c = camel[i];
		if (isupper((unsigned char)c) && i > 0)
			out += '_';
		out += (char)toupper((unsigned char)c);
	}
	return out;
}

std::string c_string(const std::string &s)
{
	std::string out = "\"";
	for (unsigned char c : s) {
		if (c == '"' || c == '\\') {
			out += '\\';
			out += (char)c;
		} else if (c >= 0x20 && c < 0x7f) {
			out += (char)c;
		} else {
			char b[8];
			snprintf(b, sizeof b, "\\%03o", c);
			out += b;
		}
	}
	return out + "\"";
}

// ---- type helpers --------------------------------------------------------

struct Prim {
	const char *ctype;	// C value type
	const char *raw;	// unsigned storage type
	const char *load;	// capn_r_*
	const char *store;	// capn_w_*
	unsigned bits;
	const char *code;	// list element code
};

bool prim(Type::Reader t, Prim *p)
{
	switch (t.which()) {
	case Type::BOOL: *p = { "bool", "bool", "capn_r_bit", "capn_w_bit", 1, "CAPN_BIT" }; return true;
	case Type::INT8: *p = { "int8_t", "uint8_t", "capn_r_u8", "capn_w_u8", 8, "CAPN_BYTE" }; return true;
	case Type::UINT8: *p = { "uint8_t", "uint8_t", "capn_r_u8", "capn_w_u8", 8, "CAPN_BYTE" }; return true;
	case Type::INT16: *p = { "int16_t", "uint16_t", "capn_r_u16", "capn_w_u16", 16, "CAPN_TWO" }; return true;
	case Type::UINT16: *p = { "uint16_t", "uint16_t", "capn_r_u16", "capn_w_u16", 16, "CAPN_TWO" }; return true;
	case Type::INT32: *p = { "int32_t", "uint32_t", "capn_r_u32", "capn_w_u32", 32, "CAPN_FOUR" }; return true;
	case Type::UINT32: *p = { "uint32_t", "uint32_t", "capn_r_u32", "capn_w_u32", 32, "CAPN_FOUR" }; return true;
	case Type::INT64: *p = { "int64_t", "uint64_t", "capn_r_u64", "capn_w_u64", 64, "CAPN_EIGHT" }; return true;
	case Type::UINT64: *p = { "uint64_t", "uint64_t", "capn_r_u64", "capn_w_u64", 64, "CAPN_EIGHT" }; return true;
	// Floats travel as raw IEEE bits: the kernel has no FPU code.
	case Type::FLOAT32: *p = { "uint32_t", "uint32_t", "capn_r_u32", "capn_w_u32", 32, "CAPN_FOUR" }; return true;
	case Type::FLOAT64: *p = { "uint64_t", "uint64_t", "capn_r_u64", "capn_w_u64", 64, "CAPN_EIGHT" }; return true;
	case Type::ENUM: *p = { nullptr, "uint16_t", "capn_r_u16", "capn_w_u16", 16, "CAPN_TWO" }; return true;
	default: return false;
	}
}

bool is_cap(Type::Reader t)
{
	if (t.isInterface())
		return true;
	if (!t.isAnyPointer())
		return false;
	auto a = t.getAnyPointer();
	return a.isUnconstrained() && a.getUnconstrained().isCapability();
}

// List element code for a list of `t`.
std::string elem_code(Type::Reader t)
{
	Prim p;
	if (t.isVoid())
		return "CAPN_VOID";
	if (prim(t, &p))
		return p.code;
	if (t.isStruct())
		return "CAPN_COMPOSITE";
	return "CAPN_PTR";
}

// Raw default bits of a primitive slot.
uint64_t default_bits(Value::Reader v)
{
	switch (v.which()) {
	case Value::BOOL: return v.getBool();
	case Value::INT8: return (uint8_t)v.getInt8();
	case Value::INT16: return (uint16_t)v.getInt16();
	case Value::INT32: return (uint32_t)v.getInt32();
	case Value::INT64: return (uint64_t)v.getInt64();
	case Value::UINT8: return v.getUint8();
	case Value::UINT16: return v.getUint16();
	case Value::UINT32: return v.getUint32();
	case Value::UINT64: return v.getUint64();
	case Value::FLOAT32: {
		float f = v.getFloat32();
		uint32_t u;
		memcpy(&u, &f, 4);
		return u;
	}
	case Value::FLOAT64: {
		double f = v.getFloat64();
		uint64_t u;
		memcpy(&u, &f, 8);
		return u;
	}
	case Value::ENUM: return v.getEnum();
	default: return 0;
	}
}

std::string lit(uint64_t v, unsigned bits)
{
	if (bits <= 32)
		return hex(v).replace(2, 8, "") + "u";
	return "UINT64_C(" + hex(v) + ")";
}

// ---- output -------------------------------------------------------------

struct Out {
	std::ostringstream types, aliases, body;
};

struct FieldCtx {
	std::string s;		// C name of the struct (or group)
	Node::Reader owner;	// the struct node
	Field::Reader f;
	std::string fn;		// field name as used in C identifiers
	std::string disc;	// statement setting the discriminant, or ""
};

void emit_prim_slot(Out &o, const FieldCtx &c, const Prim &p)
{
	auto slot = c.f.getSlot();
	auto t = slot.getType();
	const std::string &S = c.s, &F = c.fn;
	uint64_t def = default_bits(slot.getDefaultValue());
	std::string ctype = t.isEnum() ? cname(t.getEnum().getTypeId()) : p.ctype;
	uint32_t off = slot.getOffset();
	std::string at = p.bits == 1 ? str(off) : str(off * p.bits / 8);
	std::string x = def ? " ^ " + (p.bits == 1 ? std::string("1") : lit(def, p.bits)) : "";
	bool fl = t.isFloat32() || t.isFloat64();
	std::string gname = S + "_get_" + F + (fl ? "_bits" : "");
	std::string sname = S + "_set_" + F + (fl ? "_bits" : "");
	o.body << "static inline " << ctype << " " << gname << "(" << S << "_r r)\n{\n\treturn ("
	       << ctype << ")(" << p.load << "(&r.s, " << at << ")" << x << ");\n}\n\n";
	o.body << "static inline void " << sname << "(" << S << "_b b, " << ctype << " v)\n{\n\t"
	       << c.disc << p.store << "(&b.s, " << at << ", (" << p.raw << ")((" << p.raw
	       << ")v" << x << "));\n}\n\n";
}

// Text and Data: getter (with a Text default if any), has, setter.
void emit_blob_slot(Out &o, const FieldCtx &c)
{
	auto slot = c.f.getSlot();
	auto dv = slot.getDefaultValue();
	bool text = slot.getType().isText();
	const std::string &S = c.s, &F = c.fn;
	std::string sl = str(slot.getOffset());
	std::string deftext;
	if (text && dv.isText() && dv.hasText())
		deftext = dv.getText();
	if (!text && dv.isData() && dv.hasData() && dv.getData().size())
		die(S + "." + F + ": Data defaults are not supported");
	std::string rt = text ? "struct capn_text" : "struct capn_data";
	o.body << "static inline " << rt << " " << S << "_get_" << F << "(" << S << "_r r)\n{\n";
	if (!deftext.empty())
		o.body << "\tif (!capn_r_has(&r.s, " << sl << "))\n\t\treturn (struct capn_text){ "
		       << c_string(deftext) << ", " << deftext.size() << " };\n";
	o.body << "\treturn " << (text ? "capn_r_text" : "capn_r_data") << "(&r.s, " << sl
	       << ");\n}\n\n";
	o.body << "static inline bool " << S << "_has_" << F << "(" << S
	       << "_r r)\n{\n\treturn capn_r_has(&r.s, " << sl << ");\n}\n\n";
	o.body << "static inline int " << S << "_set_" << F << "(" << S << "_b b, "
	       << (text ? "const char *s" : "const void *d") << ", size_t len)\n{\n\t" << c.disc
	       << "return " << (text ? "capn_b_text" : "capn_b_data") << "(&b.s, " << sl
	       << (text ? ", s, len);\n}\n\n" : ", d, len);\n}\n\n");
}

// Struct, list, capability and AnyPointer slots.
void emit_ptr_slot(Out &o, const FieldCtx &c)
{
	auto slot = c.f.getSlot();
	auto t = slot.getType();
	auto dv = slot.getDefaultValue();
	const std::string &S = c.s, &F = c.fn;
	std::string sl = str(slot.getOffset());
	std::ostringstream &b = o.body;
	std::string get = "static inline ", init = "static inline ";
	std::string rargs = "(" + S + "_r r)\n{\n\treturn ";
	b << "static inline bool " << S << "_has_" << F << "(" << S
	  << "_r r)\n{\n\treturn capn_r_has(&r.s, " << sl << ");\n}\n\n";
	if (t.isStruct()) {
		if (dv.isStruct() && dv.hasStruct())
			die(S + "." + F + ": struct defaults are not supported");
		std::string T = cname(t.getStruct().getTypeId());
		b << get << T << "_r " << S << "_get_" << F << rargs << "(" << T
		  << "_r){ capn_r_struct(&r.s, " << sl << ") };\n}\n\n";
		b << init << T << "_b " << S << "_init_" << F << "(" << S << "_b b)\n{\n\t" << c.disc
		  << "return (" << T << "_b){ capn_b_struct(&b.s, " << sl << ", " << T
		  << "_DATA_WORDS, " << T << "_PTR_COUNT) };\n}\n\n";
	} else if (t.isList() && t.getList().getElementType().isStruct()) {
		if (dv.isList() && dv.hasList())
			die(S + "." + F + ": list defaults are not supported");
		std::string T = cname(t.getList().getElementType().getStruct().getTypeId());
		b << get << T << "_list_r " << S << "_get_" << F << rargs << "(" << T
		  << "_list_r){ capn_r_list(&r.s, " << sl << ", CAPN_COMPOSITE) };\n}\n\n";
		b << init << T << "_list_b " << S << "_init_" << F << "(" << S
		  << "_b b, uint32_t n)\n{\n\t" << c.disc << "return (" << T
		  << "_list_b){ capn_b_struct_list(&b.s, " << sl << ", n, " << T << "_DATA_WORDS, "
		  << T << "_PTR_COUNT) };\n}\n\n";
	} else if (t.isList()) {
		if (dv.isList() && dv.hasList())
			die(S + "." + F + ": list defaults are not supported");
		std::string code = elem_code(t.getList().getElementType());
		b << get << "struct capn_list_r " << S << "_get_" << F << rargs << "capn_r_list(&r.s, "
		  << sl << ", " << code << ");\n}\n\n";
		b << init << "struct capn_list_b " << S << "_init_" << F << "(" << S
		  << "_b b, uint32_t n)\n{\n\t" << c.disc << "return capn_b_list(&b.s, " << sl
		  << ", " << code << ", n);\n}\n\n";
	} else if (is_cap(t)) {
		b << "/* Capability index (CAPN_NO_CAP if none). */\n";
		b << get << "uint32_t " << S << "_get_" << F << rargs << "capn_r_cap(&r.s, " << sl
		  << ");\n}\n\n";
		b << "static inline void " << S << "_set_" << F << "(" << S
		  << "_b b, uint32_t cap)\n{\n\t" << c.disc << "capn_b_cap(&b.s, " << sl
		  << ", cap);\n}\n\n";
	} else {
		// AnyPointer: the slot number and its kind; use capn_r_* on it.
		b << "#define " << S << "_" << F << "_SLOT " << sl << "\n";
		b << "static inline enum capn_kind " << S << "_kind_" << F << rargs
		  << "capn_r_kind(&r.s, " << sl << ");\n}\n\n";
	}
}

void emit_slot(Out &o, const FieldCtx &c)
{
	auto t = c.f.getSlot().getType();
	Prim p;
	if (t.isVoid()) {
		if (!c.disc.empty())
			o.body << "static inline void " << c.s << "_set_" << c.fn << "(" << c.s
			       << "_b b)\n{\n\t" << c.disc << "}\n\n";
	} else if (prim(t, &p)) {
		emit_prim_slot(o, c, p);
	} else if (t.isText() || t.isData()) {
		emit_blob_slot(o, c);
	} else {
		emit_ptr_slot(o, c);
	}
}

// Validation code for one value of type t, reached as `expr` (a getter
// call or a list element), at loop depth d.
void emit_check(std::ostringstream &b, Type::Reader t, const std::string &get_struct_r,
		unsigned slot, int d, const std::string &ind);

void emit_list_check(std::ostringstream &b, Type::Reader et, const std::string &list,
		     int d, const std::string &ind)
{
	std::string i = "i" + str(d);
	Prim p;
	if (et.isVoid() || prim(et, &p))
		return;
	// Elements without pointers hold nothing to check: skipping them keeps
	// validation linear in the message size (zero-sized elements are cheap
	// to claim in bulk).
	b << ind << "for (uint32_t " << i << " = 0; " << list << ".nptrs && " << i << " < "
	  << list << ".len && !m->err; " << i << "++) {\n";
	std::string e = "e" + str(d);
	b << ind << "\tstruct capn_struct_r " << e << " = capn_list_struct(&" << list << ", " << i
	  << ");\n";
	if (et.isStruct())
		b << ind << "\t" << cname(et.getStruct().getTypeId()) << "_validate(("
		  << cname(et.getStruct().getTypeId()) << "_r){ " << e << " });\n";
	else
		emit_check(b, et, e, 0, d + 1, ind + "\t");
	b << ind << "}\n";
}

void emit_check(std::ostringstream &b, Type::Reader t, const std::string &s, unsigned slot,
		int d, const std::string &ind)
{
	Prim p;
	if (t.isVoid() || prim(t, &p))
		return;
	std::string sl = str(slot);
	switch (t.which()) {
	case Type::TEXT:
		b << ind << "(void)capn_r_text(&" << s << ", " << sl << ");\n";
		return;
	case Type::DATA:
		b << ind << "(void)capn_r_data(&" << s << ", " << sl << ");\n";
		return;
	case Type::STRUCT: {
		std::string T = cname(t.getStruct().getTypeId());
		b << ind << T << "_validate((" << T << "_r){ capn_r_struct(&" << s << ", " << sl
		  << ") });\n";
		return;
	}
	case Type::LIST: {
		auto et = t.getList().getElementType();
		std::string l = "l" + str(d);
		b << ind << "{\n" << ind << "\tstruct capn_list_r " << l << " = capn_r_list(&" << s
		  << ", " << sl << ", " << elem_code(et) << ");\n";
		emit_list_check(b, et, l, d, ind + "\t");
		b << ind << "\t(void)" << l << ";\n" << ind << "}\n";
		return;
	}
	default:
		break;
	}
	if (is_cap(t))
		b << ind << "(void)capn_r_cap(&" << s << ", " << sl << ");\n";
	else
		b << ind << "(void)capn_r_walk(&" << s << ", " << sl << ");\n";
}

void emit_struct(Out &o, Node::Reader n);

// Validation of one field of struct S (reader `r`).
void emit_field_check(std::ostringstream &b, Field::Reader f, const std::string &ind)
{
	if (f.isGroup()) {
		std::string G = cname(f.getGroup().getTypeId());
		b << ind << G << "_validate((" << G << "_r){ r.s });\n";
		return;
	}
	auto slot = f.getSlot();
	emit_check(b, slot.getType(), "r.s", slot.getOffset(), 0, ind);
}

// Typedefs, sizes and (for non-groups) the list accessors of struct S.
void emit_struct_types(Out &o, Node::Reader n, const std::string &S)
{
	auto st = n.getStruct();
	bool group = st.getIsGroup();
	o.types << "typedef struct " << S << "_r { struct capn_struct_r s; } " << S << "_r;\n";
	o.types << "typedef struct " << S << "_b { struct capn_struct_b s; } " << S << "_b;\n";
	o.types << "static inline int " << S << "_validate(" << S << "_r r);\n";
	o.body << "/* ---- " << n.getDisplayName().cStr() << (group ? " (group)" : "")
	       << " ---- */\n\n";
	if (group)
		return;
	o.types << "typedef struct " << S << "_list_r { struct capn_list_r l; } " << S
		<< "_list_r;\n";
	o.types << "typedef struct " << S << "_list_b { struct capn_list_b l; } " << S
		<< "_list_b;\n";
	o.types << "#define " << S << "_TYPE_ID UINT64_C(" << hex(n.getId()) << ")\n";
	o.types << "#define " << S << "_DATA_WORDS " << st.getDataWordCount() << "\n";
	o.types << "#define " << S << "_PTR_COUNT " << st.getPointerCount() << "\n";
	o.body << "static inline uint32_t " << S << "_list_len(" << S
	       << "_list_r l)\n{\n\treturn l.l.len;\n}\n\n";
	o.body << "static inline " << S << "_r " << S << "_list_get(" << S
	       << "_list_r l, uint32_t i)\n{\n\treturn (" << S
	       << "_r){ capn_list_struct(&l.l, i) };\n}\n\n";
	o.body << "static inline " << S << "_b " << S << "_list_at(" << S
	       << "_list_b l, uint32_t i)\n{\n\treturn (" << S
	       << "_b){ capn_lb_struct(&l.l, i) };\n}\n\n";
}

// The union's members and discriminant getter.
void emit_which(Out &o, Node::Reader n, const std::string &S, const std::string &doff)
{
	o.body << "enum " << S << "_which {\n";
	for (auto f : n.getStruct().getFields())
		if (f.getDiscriminantValue() != 0xffff)
			o.body << "\t" << S << "_which_" << f.getName().cStr() << " = "
			       << f.getDiscriminantValue() << ",\n";
	o.body << "};\n\n";
	o.body << "static inline enum " << S << "_which " << S << "_which(" << S
	       << "_r r)\n{\n\treturn (enum " << S << "_which)capn_r_u16(&r.s, " << doff
	       << ");\n}\n\n";
}

// The validator: every pointer the struct (and its active union member)
// holds, recursively, so handlers run on checked messages.
void emit_validator(Out &o, Node::Reader n, const std::string &S)
{
	auto st = n.getStruct();
	std::ostringstream v;
	for (auto f : st.getFields())
		if (f.getDiscriminantValue() == 0xffff)
			emit_field_check(v, f, "\t");
	if (st.getDiscriminantCount()) {
		v << "\tswitch (" << S << "_which(r)) {\n";
		for (auto f : st.getFields()) {
			if (f.getDiscriminantValue() == 0xffff)
				continue;
			v << "\tcase " << S << "_which_" << f.getName().cStr() << ":\n";
			emit_field_check(v, f, "\t\t");
			v << "\t\tbreak;\n";
		}
		v << "\tdefault:\n\t\tbreak;\n\t}\n";
	}
	o.body << "/* Read every pointer below r; returns the message's first error. */\n"
	       << "static inline int " << S << "_validate(" << S << "_r r)\n{\n"
	       << "\tstruct capn_msg *m = r.s.msg;\n\tif (!m)\n\t\treturn 0;\n"
	       << "\tif (m->err || r.s.nptrs == 0)\n\t\treturn m->err;\n"
	       << v.str() << "\treturn m->err;\n}\n\n";
}

void emit_struct(Out &o, Node::Reader n)
{
	std::string S = cname(n.getId());
	auto st = n.getStruct();
	emit_struct_types(o, n, S);
	std::string doff = str(st.getDiscriminantOffset() * 2);
	if (st.getDiscriminantCount())
		emit_which(o, n, S, doff);
	for (auto f : st.getFields()) {
		FieldCtx c{ S, n, f, ident(f.getName()), "" };
		if (f.getDiscriminantValue() != 0xffff)
			c.disc = "capn_w_u16(&b.s, " + doff + ", " + str(f.getDiscriminantValue()) +
				 ");\n\t";
		if (!f.isGroup()) {
			emit_slot(o, c);
			continue;
		}
		std::string G = cname(f.getGroup().getTypeId());
		o.body << "static inline " << G << "_r " << S << "_get_" << c.fn << "(" << S
		       << "_r r)\n{\n\treturn (" << G << "_r){ r.s };\n}\n\n";
		o.body << "static inline " << G << "_b " << S << "_init_" << c.fn << "(" << S
		       << "_b b)\n{\n\t" << c.disc << "return (" << G << "_b){ b.s };\n}\n\n";
	}
	emit_validator(o, n, S);
}

void emit_enum(Out &o, Node::Reader n)
{
	std::string E = cname(n.getId());
	o.types << "typedef enum " << E << " {\n";
	unsigned i = 0;
	for (auto e : n.getEnum().getEnumerants())
		o.types << "\t" << E << "_" << e.getName().cStr() << " = " << i++ << ",\n";
	o.types << "} " << E << ";\n";
	o.types << "#define " << E << "_TYPE_ID UINT64_C(" << hex(n.getId()) << ")\n";
	o.types << "#define " << E << "_COUNT " << i << "\n";
	o.body << "/* The schema name of a " << E << " value, or NULL if unknown. */\n";
	o.body << "static inline const char *" << E << "_name_of(unsigned v)\n{\n\tswitch (v) {\n";
	i = 0;
	for (auto e : n.getEnum().getEnumerants())
		o.body << "\tcase " << i++ << ":\n\t\treturn \"" << e.getName().cStr() << "\";\n";
	o.body << "\tdefault:\n\t\treturn NULL;\n\t}\n}\n\n";
}

void emit_const(Out &o, Node::Reader n)
{
	std::string C = cname(n.getId());
	auto v = n.getConst().getValue();
	auto t = n.getConst().getType();
	std::ostringstream &b = o.body;
	Prim p;
	if (t.isBool()) {
		b << "#define " << C << " " << (v.getBool() ? "true" : "false") << "\n";
	} else if (t.isEnum()) {
		b << "#define " << C << " ((" << cname(t.getEnum().getTypeId()) << ")" << v.getEnum()
		  << ")\n";
	} else if (prim(t, &p)) {
		uint64_t bits = default_bits(v);
		bool sign = p.ctype[0] == 'i';
		int64_t sv = p.bits == 8 ? (int8_t)bits : p.bits == 16 ? (int16_t)bits :
			     p.bits == 32 ? (int32_t)bits : (int64_t)bits;
		if (t.isFloat32() || t.isFloat64())
			b << "#define " << C << "_BITS " << lit(bits, p.bits) << "\n";
		else if (sign && sv == INT64_MIN)
			b << "#define " << C << " INT64_MIN\n";
		else if (sign && p.bits == 64)
			b << "#define " << C << " INT64_C(" << sv << ")\n";
		else if (sign)
			b << "#define " << C << " (" << sv << ")\n";
		else if (p.bits == 64)
			b << "#define " << C << " UINT64_C(" << bits << ")\n";
		else
			b << "#define " << C << " " << bits << "u\n";
	} else if (t.isText()) {
		std::string s = v.getText();
		b << "#define " << C << " " << c_string(s) << "\n";
		b << "#define " << C << "_LEN " << s.size() << "\n";
	} else {
		b << "/* const " << C << ": pointer constants other than Text are not generated */\n";
	}
}

// Can a method's params be passed as plain C arguments?
bool flat_params(Node::Reader ps)
{
	auto st = ps.getStruct();
	if (st.getDiscriminantCount())
		return false;
	for (auto f : st.getFields()) {
		if (f.isGroup())
			return false;
		auto t = f.getSlot().getType();
		Prim p;
		if (t.isFloat32() || t.isFloat64())
			return false;
		if (!(t.isVoid() || prim(t, &p) || t.isText() || t.isData() || is_cap(t)))
			return false;
	}
	return true;
}

// Interface id, method ordinals and names.
void emit_method_ids(Out &o, Node::Reader n, const std::string &I)
{
	auto methods = n.getInterface().getMethods();
	std::ostringstream &b = o.body;
	b << "/* ---- " << n.getDisplayName().cStr() << " (interface) ---- */\n\n";
	b << "#define " << I << "_IFACE_ID UINT64_C(" << hex(n.getId()) << ")\n";
	unsigned i = 0;
	for (auto m : methods)
		b << "#define " << I << "_" << m.getName().cStr() << "_METHOD " << i++ << "\n";
	b << "#define " << I << "_METHOD_COUNT " << methods.size() << "\n\n";
	if (n.getInterface().getSuperclasses().size())
		b << "/* Note: inherited methods are called with their own interface's id. */\n\n";
	b << "static inline const char *" << I
	  << "_method_name(uint16_t method)\n{\n\tswitch (method) {\n";
	i = 0;
	for (auto m : methods)
		b << "\tcase " << i++ << ":\n\t\treturn \"" << m.getName().cStr() << "\";\n";
	b << "\tdefault:\n\t\treturn NULL;\n\t}\n}\n\n";
}

// <M>_prepare(): every param as a C argument (only for flat params).
void emit_prepare(Out &o, const std::string &M, const std::string &P, Node::Reader ps)
{
	std::ostringstream args, sets;
	for (auto f : ps.getStruct().getFields()) {
		auto t = f.getSlot().getType();
		std::string fn = ident(f.getName());
		std::string set = "\t" + P + "_set_" + fn + "(p, " + fn;
		Prim p;
		if (t.isText() || t.isData()) {
			args << (t.isText() ? ", const char *" : ", const void *") << fn
			     << ", size_t " << fn << "_len";
			sets << set << ", " << fn << "_len);\n";
		} else if (is_cap(t)) {
			args << ", uint32_t " << fn << "_cap";
			sets << set << "_cap);\n";
		} else if (prim(t, &p)) {
			args << ", " << (t.isEnum() ? cname(t.getEnum().getTypeId()) : p.ctype) << " "
			     << fn;
			sets << set << ");\n";
		}
	}
	o.body << "/* All params as arguments: frame them into buf and seal the call. */\n"
	       << "static inline int " << M << "_prepare(struct capn_call *c, void *buf, size_t len"
	       << args.str() << ")\n{\n\tstruct capn_builder b;\n\t" << P << "_b p = " << M
	       << "_begin(c, &b, buf, len);\n" << sets.str()
	       << "\t(void)p;\n\treturn capn_call_seal(c, &b);\n}\n\n";
}

// Client side of one method: begin(), prepare() if flat, results().
void emit_client(Out &o, Node::Reader n, const std::string &I, Method::Reader m)
{
	std::string M = I + "_" + m.getName().cStr();
	std::string P = cname(m.getParamStructType());
	std::string R = cname(m.getResultStructType());
	// Uniform names for the param and result types of the method.
	if (P != M + "_Params")
		o.aliases << "typedef " << P << "_r " << M << "_Params_r;\ntypedef " << P << "_b "
			  << M << "_Params_b;\n";
	if (R != M + "_Results")
		o.aliases << "typedef " << R << "_r " << M << "_Results_r;\ntypedef " << R << "_b "
			  << M << "_Results_b;\n";
	o.body << "/* " << n.getDisplayName().cStr() << "." << m.getName().cStr()
	       << ": client side. begin() frames the params into buf and describes the call;\n"
	       << " * fill the params, then capn_call_seal(). */\n"
	       << "static inline " << P << "_b " << M
	       << "_begin(struct capn_call *c, struct capn_builder *b, void *buf, size_t len)\n{\n"
	       << "\tcapn_build_init(b, buf, len);\n"
	       << "\tcapn_call_init(c, " << I << "_IFACE_ID, " << M << "_METHOD);\n"
	       << "\treturn (" << P << "_b){ capn_b_root(b, " << P << "_DATA_WORDS, " << P
	       << "_PTR_COUNT) };\n}\n\n";
	Node::Reader ps = node(m.getParamStructType());
	if (flat_params(ps))
		emit_prepare(o, M, P, ps);
	o.body << "/* Decode the results once the call completed with `status`: 0, a capn\n"
	       << " * decode error, or the negative status itself (transport error or\n"
	       << " * application exception; see lib/capnp/call.h). */\n"
	       << "static inline int " << M << "_results(struct capn_msg *m, "
	       << "const struct capn_call *c, int32_t status, " << R << "_r *out)\n{\n"
	       << "\tstruct capn_struct_r root;\n"
	       << "\tint e = capn_call_results(m, c, status, &root);\n\tout->s = root;\n"
	       << "\treturn e;\n}\n\n";
}

// Server side: the handler table and the dispatcher.
void emit_server(Out &o, const std::string &I, capnp::List<Method>::Reader methods)
{
	std::ostringstream &b = o.body;
	b << "/* Server side of " << I << ": one handler per method (NULL: unimplemented).\n"
	  << " * A handler gets validated params and a results builder; it returns 0 (or a\n"
	  << " * non-negative status) to send the results, or a negative err_t. */\n";
	b << "struct " << I << "_server {\n";
	for (auto m : methods)
		b << "\tint (*" << ident(m.getName()) << ")(void *self, "
		  << cname(m.getParamStructType()) << "_r params, "
		  << cname(m.getResultStructType()) << "_b results);\n";
	if (methods.size() == 0)
		b << "\tint unused;\n";
	b << "};\n\n";
	b << "/* Decode the call in d, validate its params, run the handler, frame the\n"
	  << " * results into d->results (length in d->results_len). */\n";
	b << "static inline int " << I << "_dispatch(const struct " << I
	  << "_server *srv, void *self, struct capn_dispatch *d)\n{\n";
	if (methods.size() == 0) {
		b << "\t(void)srv;\n\t(void)self;\n\t(void)d;\n\treturn CAPN_EMETHOD;\n}\n\n";
		return;
	}
	b << "\tstruct capn_struct_r p;\n\tint e;\n\tswitch (d->method) {\n";
	for (auto m : methods) {
		std::string P = cname(m.getParamStructType());
		std::string R = cname(m.getResultStructType());
		std::string h = ident(m.getName());
		b << "\tcase " << I << "_" << m.getName().cStr() << "_METHOD:\n"
		  << "\t\tif (!srv->" << h << ")\n\t\t\treturn CAPN_EUNIMPL;\n"
		  << "\t\tif ((e = capn_dispatch_params(d, &p)) != 0 ||\n"
		  << "\t\t    (e = " << P << "_validate((" << P << "_r){ p })) != 0)\n"
		  << "\t\t\treturn e;\n"
		  << "\t\tcapn_msg_reset_budget(&d->msg, 0);\n"
		  << "\t\treturn capn_dispatch_end(d, srv->" << h << "(self, (" << P
		  << "_r){ p },\n\t\t\t(" << R << "_b){ capn_dispatch_results(d, " << R
		  << "_DATA_WORDS, " << R << "_PTR_COUNT) }));\n";
	}
	b << "\tdefault:\n\t\treturn CAPN_EMETHOD;\n\t}\n}\n\n";
}

void emit_interface(Out &o, Node::Reader n)
{
	std::string I = cname(n.getId());
	emit_method_ids(o, n, I);
	for (auto m : n.getInterface().getMethods())
		emit_client(o, n, I, m);
	emit_server(o, I, n.getInterface().getMethods());
}

// ---- annotations by name (never by a hand-copied id) ----------------------

std::string annotation_name(uint64_t id)
{
	auto it = nodes.find(id);
	if (it == nodes.end())
		return "";
	std::string d = it->second.getDisplayName();
	return d.substr(d.rfind(':') == std::string::npos ? 0 : d.rfind(':') + 1);
}

bool text_annotation(capnp::List<Annotation>::Reader anns, const char *name, std::string *out)
{
	for (auto a : anns) {
		if (annotation_name(a.getId()) == name && a.getValue().isText()) {
			*out = a.getValue().getText();
			return true;
		}
	}
	return false;
}

void write_file(const std::string &path, const std::string &text)
{
	// Leave an unchanged file alone so make does not rebuild its users.
	std::ifstream in(path, std::ios::binary);
	if (in) {
		std::stringstream old;
		old << in.rdbuf();
		if (old.str() == text)
			return;
	}
	std::ofstream f(path, std::ios::binary | std::ios::trunc);
	if (!f)
		die("cannot write " + path);
	f << text;
	if (!f)
		die("write failed: " + path);
}

void emit_err_table(Node::Reader n, const std::string &base, const std::string &src)
{
	std::string up = upper_snake(base);
	std::ostringstream h;
	h << "/* " << GEN << " From " << src << " (enum " << cname(n.getId())
	  << ") by tools/capnpc-c.\n"
	  << " *\n * " << base << "_t: the system's one error type. 0 is success, errors are\n"
	  << " * negative. Message-format errors from lib/capnp (CAPN_E*, " << "-256 and below)\n"
	  << " * share the number space, so any status explains itself through\n"
	  << " * capos_strerror(). */\n";
	h << "#ifndef CAPOS_GEN_" << up << "_H\n#define CAPOS_GEN_" << up << "_H\n";
	h << "#include \"lib/capnp/capnp.h\"\n\n";
	h << "typedef enum " << base << " {\n";
	std::vector<std::pair<std::string, std::string>> rows;
	int v = 0;
	for (auto e : n.getEnum().getEnumerants()) {
		std::string msg;
		if (!text_annotation(e.getAnnotations(), "errMessage", &msg))
			die(src + ": error " + std::string(e.getName()) + " has no $errMessage");
		std::string name = up + "_" + upper_snake(e.getName());
		rows.push_back({ name, msg });
		h << "\t" << name << " = " << v << ",\t/* " << msg << " */\n";
		v--;
	}
	h << "} " << base << "_t;\n\n";
	h << "#define " << up << "_COUNT " << rows.size() << "\n";
	h << "_Static_assert(-(" << up << "_COUNT - 1) > CAPN_ERR_FIRST,\n"
	  << "\t       \"" << src << " reaches into the capn error range\");\n\n";
	h << "/* Symbolic name (\"" << rows.back().first << "\", \"CAPN_EBOUNDS\"), or NULL. */\n";
	h << "static inline const char *capos_errname(int err)\n{\n\tswitch (err) {\n";
	v = 0;
	for (auto &r : rows)
		h << "\tcase " << v-- << ":\n\t\treturn \"" << r.first << "\";\n";
	h << "\tdefault:\n\t\treturn capn_errname(err);\n\t}\n}\n\n";
	h << "/* What went wrong, for any status (never NULL). */\n";
	h << "static inline const char *capos_strerror(int err)\n{\n\tswitch (err) {\n";
	v = 0;
	for (auto &r : rows)
		h << "\tcase " << v-- << ":\n\t\treturn " << c_string(r.second) << ";\n";
	h << "\tdefault:\n\t\tif (err <= CAPN_ERR_FIRST && err >= CAPN_ERR_LAST)\n"
	  << "\t\t\treturn capn_strerror(err);\n\t\treturn \"unknown error\";\n\t}\n}\n\n";
	h << "#endif\n";
	write_file(base + ".h", h.str());
}

// Collect the nodes a file defines, in declaration order: nested
// declarations, groups, and the implicit $Params/$Results structs.
void collect(Node::Reader n, std::vector<Node::Reader> &out, std::set<uint64_t> &seen)
{
	if (!seen.insert(n.getId()).second)
		return;
	if (!n.isFile())
		out.push_back(n);
	if (n.isStruct())
		for (auto f : n.getStruct().getFields())
			if (f.isGroup())
				collect(node(f.getGroup().getTypeId()), out, seen);
	if (n.isInterface())
		for (auto m : n.getInterface().getMethods())
			for (uint64_t id : { m.getParamStructType(), m.getResultStructType() })
				if (node(id).getScopeId() == 0)
					collect(node(id), out, seen);
	for (auto nn : n.getNestedNodes())
		collect(node(nn.getId()), out, seen);
}

struct IfaceRow {
	std::string name;
	uint64_t id;
	std::vector<std::string> methods;
};

void emit_file(CodeGeneratorRequest::RequestedFile::Reader rf, std::vector<IfaceRow> &ifaces,
	       const std::set<uint64_t> &requested)
{
	std::string src = rf.getFilename();
	std::string st = stem(src);
	std::vector<Node::Reader> decls;
	std::set<uint64_t> seen;
	collect(node(rf.getId()), decls, seen);

	// Interfaces last: their stubs use the accessors of their params.
	std::stable_partition(decls.begin(), decls.end(),
			      [](Node::Reader n) { return !n.isInterface(); });
	Out o;
	for (auto n : decls) {
		switch (n.which()) {
		case Node::STRUCT:
			emit_struct(o, n);
			break;
		case Node::ENUM: {
			emit_enum(o, n);
			std::string base;
			if (text_annotation(n.getAnnotations(), "errTable", &base))
				emit_err_table(n, base, src);
			break;
		}
		case Node::INTERFACE: {
			emit_interface(o, n);
			IfaceRow row{ cname(n.getId()), n.getId(), {} };
			for (auto m : n.getInterface().getMethods())
				row.methods.push_back(m.getName());
			ifaces.push_back(row);
			break;
		}
		case Node::CONST:
			emit_const(o, n);
			break;
		default:
			break;
		}
	}

	std::string guard = "CAPOS_GEN_SCHEMA_" + upper_snake(st) + "_H";
	for (char &c : guard)
		if (!isalnum((unsigned char)c))
			c = '_';
	std::ostringstream h;
	h << "/* " << GEN << " From " << src << " by tools/capnpc-c. */\n";
	h << "#ifndef " << guard << "\n#define " << guard << "\n";
	h << "#include \"lib/capnp/capnp.h\"\n#include \"lib/capnp/call.h\"\n";
	for (auto imp : rf.getImports())
		if (requested.count(imp.getId()))
			h << "#include \"capos/" << stem(imp.getName()) << ".h\"\n";
	h << "\n#define " << st << "_FILE_ID UINT64_C(" << hex(rf.getId()) << ")\n\n";
	h << o.types.str() << "\n" << o.aliases.str() << "\n" << o.body.str() << "#endif\n";
	write_file(st + ".h", h.str());
}

void emit_iface_table(const std::vector<IfaceRow> &ifaces)
{
	std::ostringstream h;
	h << "/* " << GEN << " Every interface in schema/, by tools/capnpc-c.\n"
	  << " * For manifests (grants name interfaces) and logs (ids to names). */\n";
	h << "#ifndef CAPOS_GEN_INTERFACES_H\n#define CAPOS_GEN_INTERFACES_H\n";
	h << "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n";
	h << "struct capos_iface {\n\tconst char *name;\n\tuint64_t id;\n\tuint16_t nmethods;\n"
	  << "\tconst char *const *methods;\n};\n\n";
	for (auto &r : ifaces) {
		h << "static const char *const capos_iface_" << r.name << "_methods[] = {";
		for (auto &m : r.methods)
			h << " \"" << m << "\",";
		h << " NULL };\n";
	}
	h << "\nstatic const struct capos_iface capos_ifaces[] = {\n";
	for (auto &r : ifaces)
		h << "\t{ \"" << r.name << "\", UINT64_C(" << hex(r.id) << "), " << r.methods.size()
		  << ", capos_iface_" << r.name << "_methods },\n";
	h << "};\n#define CAPOS_IFACE_COUNT " << ifaces.size() << "\n\n";
	h << "static inline const struct capos_iface *capos_iface_by_name(const char *s, size_t n)\n{\n"
	  << "\tfor (size_t i = 0; i < CAPOS_IFACE_COUNT; i++)\n"
	  << "\t\tif (strlen(capos_ifaces[i].name) == n && memcmp(capos_ifaces[i].name, s, n) == 0)\n"
	  << "\t\t\treturn &capos_ifaces[i];\n\treturn NULL;\n}\n\n";
	h << "static inline const struct capos_iface *capos_iface_by_id(uint64_t id)\n{\n"
	  << "\tfor (size_t i = 0; i < CAPOS_IFACE_COUNT; i++)\n"
	  << "\t\tif (capos_ifaces[i].id == id)\n\t\t\treturn &capos_ifaces[i];\n\treturn NULL;\n}\n\n";
	h << "#endif\n";
	write_file("interfaces.h", h.str());
}

} // namespace

int main()
{
	capnp::ReaderOptions opts;
	opts.traversalLimitInWords = 1ull << 30;
	opts.nestingLimit = 256;
	capnp::StreamFdMessageReader msg(0, opts);
	auto req = msg.getRoot<CodeGeneratorRequest>();
	for (auto n : req.getNodes())
		nodes.emplace(n.getId(), n);
	for (auto &kv : nodes)
		cnames[kv.first] = cname_of(kv.second);

	std::set<uint64_t> requested;
	for (auto rf : req.getRequestedFiles())
		requested.insert(rf.getId());
	std::vector<IfaceRow> ifaces;
	for (auto rf : req.getRequestedFiles())
		emit_file(rf, ifaces, requested);
	std::sort(ifaces.begin(), ifaces.end(),
		  [](const IfaceRow &a, const IfaceRow &b) { return a.name < b.name; });
	emit_iface_table(ifaces);
	return 0;
}

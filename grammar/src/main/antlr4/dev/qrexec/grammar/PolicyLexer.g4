/*
 * Lexer for qrexec policy files (Qubes OS).
 *
 * A policy file is a sequence of lines. Lines end at LF, CR LF or a lone CR
 * (Python's universal newlines); nothing else ends a line. Fields are separated
 * by runs of the 29 code points that Python's str.isspace() accepts (see the
 * SPACE set below); no other character separates fields.
 *
 * The lexer has two "beginning of line" modes, one per syntax:
 *
 *   DEFAULT_MODE  the current syntax (rule lines, directives, comments)
 *   LEGACY_BOL    the legacy per-service syntax read through !include-service
 *                 and !compat-4.0, where ',' also separates fields
 *
 * Each beginning-of-line mode classifies the first field of a line and then
 * pushes the matching "rest of the line" mode, which pops back at the line end.
 * A '#' or '!' is special only as the first character of a line; inside a line
 * it is an ordinary field character.
 */
lexer grammar PolicyLexer;

// ---------------------------------------------------------------- current syntax, line start

NEWLINE : ( '\r\n' | '\r' | '\n' ) ;

LEADING_SPACE : SPACE+ -> skip ;

COMMENT : '#' ~[\r\n]* ;

// Directive names. A longer word such as '!includes' is an UNKNOWN_DIRECTIVE
// (longest match); an exact name wins the tie against UNKNOWN_DIRECTIVE because
// it is defined first.
INCLUDE         : '!include'         -> pushMode(LINE) ;
INCLUDE_DIR     : '!include-dir'     -> pushMode(LINE) ;
INCLUDE_SERVICE : '!include-service' -> pushMode(LINE) ;
COMPAT_40       : '!compat-4.0'      -> pushMode(LINE) ;
UNKNOWN_DIRECTIVE : '!' FIELD_CHAR*  -> pushMode(LINE) ;

FIRST_FIELD
    : ~[#!\r\n\t\u000B\u000C\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000] FIELD_CHAR*
      -> type(FIELD), pushMode(LINE)
    ;

// ---------------------------------------------------------------- current syntax, rest of a line

mode LINE;

LINE_END   : ( '\r\n' | '\r' | '\n' ) -> type(NEWLINE), popMode ;
LINE_SPACE : SPACE+ -> skip ;
FIELD      : FIELD_CHAR+ ;

// ---------------------------------------------------------------- legacy syntax, line start

mode LEGACY_BOL;

LEGACY_NEWLINE       : ( '\r\n' | '\r' | '\n' ) -> type(NEWLINE) ;
LEGACY_LEADING_SPACE : SPACE+ -> skip ;
LEGACY_COMMENT       : '#' ~[\r\n]* -> type(COMMENT) ;

// A line whose first non-blank character is ',' is always a rule line: the
// comma turns into a space, and the line no longer starts with '!'.
LEADING_SEPARATOR : ',' -> pushMode(LEGACY_LINE) ;

LEGACY_FIRST_FIELD
    : ~[#,\r\n\t\u000B\u000C\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000] LEGACY_FIELD_CHAR*
      -> type(FIELD), pushMode(LEGACY_LINE)
    ;

// ---------------------------------------------------------------- legacy syntax, rest of a line

mode LEGACY_LINE;

LEGACY_LINE_END  : ( '\r\n' | '\r' | '\n' ) -> type(NEWLINE), popMode ;
LEGACY_SEPARATOR : ( SPACE | ',' )+ -> skip ;
LEGACY_FIELD     : LEGACY_FIELD_CHAR+ -> type(FIELD) ;

// ---------------------------------------------------------------- character classes

// Python's str.isspace() minus the line terminators LF and CR.
fragment SPACE
    : [\t\u000B\u000C\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]
    ;

fragment FIELD_CHAR
    : ~[\r\n\t\u000B\u000C\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]
    ;

fragment LEGACY_FIELD_CHAR
    : ~[,\r\n\t\u000B\u000C\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]
    ;

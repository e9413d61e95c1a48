/*
 * Parser for qrexec policy files (Qubes OS).
 *
 * Two entry rules:
 *
 *   policyFile  the current syntax: files in the policy directories and files
 *               read through !include / !include-dir
 *   legacyFile  the legacy per-service syntax: files read through
 *               !include-service, the files they include, and the files of the
 *               R4.0 directory read by !compat-4.0 (start the lexer in mode
 *               LEGACY_BOL for this rule)
 *
 * The grammar fixes the shape of every line; the meaning of each field (token
 * kinds, parameters, directive arity) is checked when the AST is built, so
 * that every error names its line and column with the exact message.
 */
parser grammar PolicyParser;

options { tokenVocab = PolicyLexer; }

// ---------------------------------------------------------------- current syntax

policyFile
    : ( line? NEWLINE )* line? EOF
    ;

line
    : COMMENT                                                   #commentLine
    | INCLUDE parameters+=FIELD*                                #includeLine
    | INCLUDE_DIR parameters+=FIELD*                            #includeDirLine
    | INCLUDE_SERVICE parameters+=FIELD*                        #includeServiceLine
    | COMPAT_40 parameters+=FIELD*                              #compatLine
    | UNKNOWN_DIRECTIVE parameters+=FIELD*                      #unknownDirectiveLine
    | service=FIELD argument=FIELD source=FIELD target=FIELD
      action=FIELD parameters+=FIELD*                           #ruleLine
    | fields+=FIELD+                                            #shortRuleLine
    ;

// ---------------------------------------------------------------- legacy syntax

legacyFile
    : ( legacyLine? NEWLINE )* legacyLine? EOF
    ;

// In the legacy syntax "$include:" reads as "!include " and '$' as '@', anywhere
// in a line; those substitutions keep every column and are applied to the
// fields when the AST is built. A line whose first field then starts with '!'
// is a directive (only !include is valid), any other line is a rule
// "SOURCE TARGET ACTION [PARAM ...]".
legacyLine
    : COMMENT                                                   #legacyCommentLine
    | LEADING_SEPARATOR fields+=FIELD*                          #legacySeparatedLine
    | fields+=FIELD+                                            #legacyFieldsLine
    ;

package dev.river.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The cheap path for request metadata, which is nearly always a flat object of short unescaped strings and
 * plain numbers ({@code {"format":"rgb24","width":128,...}}): builds the same tree Jackson's
 * {@code readTree} would (IntNode, DoubleNode, TextNode, BooleanNode, NullNode; a repeated key keeps its last
 * value) without a parser instance per request. Returns null for anything else (nesting, escapes, long or
 * unusual numbers, syntax errors), which then goes to Jackson for the exact tree or error message.
 */
final class FlatJson {

    private FlatJson() {
    }

    static ObjectNode parse(String s) {
        int n = s.length();
        int i = skip(s, 0);
        if (i >= n || s.charAt(i) != '{') {
            return null;
        }
        ObjectNode obj = JsonNodeFactory.instance.objectNode();
        i = skip(s, i + 1);
        if (i < n && s.charAt(i) == '}') {
            return skip(s, i + 1) == n ? obj : null;
        }
        while (true) {
            int kEnd = stringEnd(s, i);
            if (kEnd < 0) {
                return null;
            }
            String key = s.substring(i + 1, kEnd);
            i = skip(s, kEnd + 1);
            if (i >= n || s.charAt(i) != ':') {
                return null;
            }
            i = skip(s, i + 1);
            if (i >= n) {
                return null;
            }
            char c = s.charAt(i);
            JsonNode value;
            int end;
            if (c == '"') {
                end = stringEnd(s, i);
                if (end < 0) {
                    return null;
                }
                value = TextNode.valueOf(s.substring(i + 1, end));
                end++;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                end = numberEnd(s, i);
                if (end < 0) {
                    return null;
                }
                value = number(s, i, end);
                if (value == null) {
                    return null;
                }
            } else if (s.startsWith("true", i)) {
                value = BooleanNode.TRUE;
                end = i + 4;
            } else if (s.startsWith("false", i)) {
                value = BooleanNode.FALSE;
                end = i + 5;
            } else if (s.startsWith("null", i)) {
                value = NullNode.instance;
                end = i + 4;
            } else {
                return null;
            }
            if (end < n && Character.isLetterOrDigit(s.charAt(end))) {
                return null;
            }
            obj.replace(key, value);
            i = skip(s, end);
            if (i >= n) {
                return null;
            }
            c = s.charAt(i);
            if (c == '}') {
                return skip(s, i + 1) == n ? obj : null;
            }
            if (c != ',') {
                return null;
            }
            i = skip(s, i + 1);
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /** Index of the closing quote of the plain string starting at i, or -1 (escapes, control chars, no quote). */
    private static int stringEnd(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '"') {
            return -1;
        }
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '"') {
                return j;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** End of a strict JSON number at i ({@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}), or -1. */
    private static int numberEnd(String s, int i) {
        int n = s.length();
        int j = i;
        if (s.charAt(j) == '-') {
            j++;
        }
        if (j >= n || !digit(s.charAt(j))) {
            return -1;
        }
        if (s.charAt(j) == '0') {
            j++;
        } else {
            while (j < n && digit(s.charAt(j))) {
                j++;
            }
        }
        if (j < n && s.charAt(j) == '.') {
            j++;
            int d = j;
            while (j < n && digit(s.charAt(j))) {
                j++;
            }
            if (j == d) {
                return -1;
            }
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            j++;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int d = j;
            while (j < n && digit(s.charAt(j))) {
                j++;
            }
            if (j == d) {
                return -1;
            }
        }
        return j;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** IntNode for integers of up to 9 digits, DoubleNode for decimals; null (let Jackson decide) otherwise. */
    private static JsonNode number(String s, int i, int end) {
        boolean integer = true;
        for (int j = i; j < end; j++) {
            char c = s.charAt(j);
            if (c == '.' || c == 'e' || c == 'E') {
                integer = false;
                break;
            }
        }
        if (integer) {
            int digits = end - i - (s.charAt(i) == '-' ? 1 : 0);
            if (digits > 9) {
                return null;
            }
            int v = 0;
            for (int j = s.charAt(i) == '-' ? i + 1 : i; j < end; j++) {
                v = v * 10 + (s.charAt(j) - '0');
            }
            return IntNode.valueOf(s.charAt(i) == '-' ? -v : v);
        }
        if (end - i > 24) {
            return null;
        }
        return DoubleNode.valueOf(Double.parseDouble(s.substring(i, end)));
    }
}

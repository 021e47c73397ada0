package dev.river.ops.hawtio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's front page ({@code /}): installs the preset connections into the browser's Hawtio connection list
 * (Hawtio 4.2 keeps it in {@code localStorage["connect.connections"]} and does not fetch presets itself), shows
 * whether each river service answers, and links to its Camel routes, route diagram and JMX tree
 * ({@code ?con=<name>} selects the connection).
 */
final class ConnectionsPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>river: Hawtio</title>
            <style>
              body { font-family: sans-serif; margin: 2em; color: #151515; }
              table { border-collapse: collapse; } td, th { padding: .4em 1em; text-align: left; border-bottom: 1px solid #ddd; }
              .up { color: #3e8635; } .down { color: #c9190b; } code { background: #f0f0f0; padding: 0 .2em; }
            </style>
            </head>
            <body>
            <h1>river: Hawtio console</h1>
            <p>Connections preset from the console's configuration (<code>river.hawtio.*-jolokia</code>). They are also in
              Hawtio's <a href="hawtio/connect">Connect</a> tab.</p>
            <table>
              <thead><tr><th>service</th><th>Jolokia</th><th>state</th><th>open in Hawtio</th></tr></thead>
              <tbody id="services"><tr><td colspan="4">loading…</td></tr></tbody>
            </table>
            <p><a href="hawtio/">Hawtio without a connection</a> shows the console's own JVM.</p>
            <script>
            (async () => {
              const presets = await (await fetch('hawtio/preset-connections', { cache: 'no-store' })).json();
              const key = 'connect.connections';
              const stored = JSON.parse(localStorage.getItem(key) || '{}');
              for (const c of presets) { stored[c.id] = c; }
              localStorage.setItem(key, JSON.stringify(stored));
              const rows = document.getElementById('services');
              rows.textContent = '';
              for (const c of presets) {
                const tr = rows.insertRow();
                const con = encodeURIComponent(c.id);
                tr.insertCell().textContent = c.name;
                tr.insertCell().textContent = c.scheme + '://' + c.host + ':' + c.port + c.path;
                const state = tr.insertCell();
                state.textContent = '…';
                const links = tr.insertCell();
                for (const [label, view] of [['Camel routes', 'camel/routes'], ['route diagram', 'camel/routeDiagram'], ['JMX', 'jmx/attributes']]) {
                  const a = document.createElement('a');
                  a.href = 'hawtio/' + view + '?con=' + con;
                  a.target = c.id;
                  a.textContent = label;
                  links.append(a, ' ');
                }
                fetch('hawtio/proxy/' + c.scheme + '/' + c.host + '/' + c.port + c.path, {
                  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"version"}'
                }).then(r => r.ok ? r.json() : Promise.reject(r.status))
                  .then(v => { state.textContent = 'up (Jolokia ' + v.value.agent + ')'; state.className = 'up'; })
                  .catch(e => { state.textContent = 'not answering (' + e + ')'; state.className = 'down'; });
              }
            })();
            </script>
            </body>
            </html>
            """;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/".equals(req.getRequestURI())) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setContentType("text/html");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(PAGE);
    }
}

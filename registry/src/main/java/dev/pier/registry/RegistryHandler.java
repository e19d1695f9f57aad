package dev.pier.registry;

import static dev.pier.registry.RegistryError.Code.NAME_INVALID;
import static dev.pier.registry.RegistryError.Code.UNSUPPORTED;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes distribution-spec requests by path and method to the handlers, and turns failures into
 * the spec's JSON errors. The repository name is the longest prefix that leaves a known suffix;
 * it is then checked against the name grammar.
 */
public final class RegistryHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(RegistryHandler.class.getName());
    private static final Pattern ROUTE = Pattern.compile(
            "/v2/(.+)/(manifests/([^/]+)|blobs/uploads/?|blobs/uploads/([^/]+)|blobs/([^/]+)|tags/list|referrers/([^/]+))");
    private static final int MAX_PATH = 4096;

    private final Registry registry;
    private final Access access;
    private final ManifestHandler manifests;
    private final BlobHandler blobs;
    private final UploadHandler uploads;
    private final TagsHandler tags;
    private final ReferrersHandler referrers;

    public RegistryHandler(Registry registry) {
        this(registry, Access.open());
    }

    RegistryHandler(Registry registry, Access access) {
        this.registry = registry;
        this.access = access;
        this.manifests = new ManifestHandler(registry);
        this.blobs = new BlobHandler(registry);
        this.uploads = new UploadHandler(registry, access);
        this.tags = new TagsHandler(registry);
        this.referrers = new ReferrersHandler(registry);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        try {
            route(ex);
        } catch (RegistryError e) {
            fail(ex, e);
        } catch (NoSuchFileException e) {
            fail(ex, RegistryError.of(RegistryError.Code.BLOB_UNKNOWN, "not found"));
        } catch (PierException e) {
            fail(ex, RegistryError.of(RegistryError.Code.BLOB_UPLOAD_INVALID, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + request.getMethod() + " " + request.getHttpURI().getPath() + " failed", e);
            if (ex.completed()) {
                return true;
            }
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                ex.drain();
                response.getHeaders().put("Connection", "close");
                ex.send(500, "application/json", "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"internal error\"}]}");
            }
        }
        return true;
    }

    private void fail(Exchange ex, RegistryError e) {
        if (ex.completed()) {
            return;
        }
        if (ex.response.isCommitted()) {
            ex.callback.failed(e);
            return;
        }
        ex.drain();
        ex.sendError(e);
    }

    private void route(Exchange ex) throws IOException {
        String path = ex.path();
        String method = ex.method();
        if (path.equals("/v2/") || path.equals("/v2")) {
            access.authenticate(ex);
            access.checkBase(ex);
            expect(method, "GET", "HEAD");
            ex.send(200, "application/json", "{}");
            return;
        }
        if (path.equals("/v2/_catalog")) {
            access.authenticate(ex);
            access.checkCatalog(ex);
            expect(method, "GET");
            tags.catalog(ex, repo -> access.mayList(ex, repo));
            return;
        }
        if (path.length() > MAX_PATH || !path.startsWith("/v2/")) {
            throw RegistryError.of(RegistryError.Code.NAME_UNKNOWN, 404, "no such endpoint: " + abbreviate(path));
        }
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) {
            throw RegistryError.of(RegistryError.Code.NAME_UNKNOWN, 404, "no such endpoint: " + abbreviate(path));
        }
        String repo = m.group(1);
        if (!Names.isName(repo)) {
            throw RegistryError.of(NAME_INVALID, "invalid repository name " + abbreviate(repo));
        }
        access.authenticate(ex);
        String what = m.group(2);
        if (what.startsWith("manifests/")) {
            String ref = m.group(3);
            switch (method) {
                case "GET", "HEAD" -> { access.check(ex, repo, Access.Action.PULL); manifests.get(ex, repo, ref); }
                case "PUT" -> { access.check(ex, repo, Access.Action.PUSH); manifests.put(ex, repo, ref); }
                case "DELETE" -> { access.check(ex, repo, Access.Action.DELETE); manifests.delete(ex, repo, ref); }
                default -> throw notAllowed(method);
            }
        } else if (m.group(4) != null) {
            String id = m.group(4);
            switch (method) {
                case "GET", "HEAD" -> { access.check(ex, repo, Access.Action.PUSH); uploads.status(ex, repo, id); }
                case "PATCH" -> { access.check(ex, repo, Access.Action.PUSH); uploads.patch(ex, repo, id); }
                case "PUT" -> { access.check(ex, repo, Access.Action.PUSH); uploads.put(ex, repo, id); }
                case "DELETE" -> { access.check(ex, repo, Access.Action.PUSH); uploads.cancel(ex, repo, id); }
                default -> throw notAllowed(method);
            }
        } else if (what.startsWith("blobs/uploads")) {
            expect(method, "POST");
            access.check(ex, repo, Access.Action.PUSH);
            uploads.post(ex, repo);
        } else if (m.group(5) != null) {
            String digest = m.group(5);
            switch (method) {
                case "GET", "HEAD" -> { access.check(ex, repo, Access.Action.PULL); blobs.get(ex, repo, digest); }
                case "DELETE" -> { access.check(ex, repo, Access.Action.DELETE); blobs.delete(ex, repo, digest); }
                default -> throw notAllowed(method);
            }
        } else if (what.equals("tags/list")) {
            expect(method, "GET");
            access.check(ex, repo, Access.Action.PULL);
            tags.list(ex, repo);
        } else {
            expect(method, "GET");
            access.check(ex, repo, Access.Action.PULL);
            referrers.list(ex, repo, m.group(6));
        }
    }

    private static void expect(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw notAllowed(method);
    }

    private static RegistryError notAllowed(String method) {
        return RegistryError.of(UNSUPPORTED, 405, "method " + method + " not allowed here");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    Registry registry() {
        return registry;
    }
}

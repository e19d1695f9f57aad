// The registry holds the image pier:push sent, under its tag, with the digest the plugin reported;
// then the registry setup.groovy started is stopped.
def dir = new File(basedir, 'target/registry')
try {
    def digest = new File(basedir, 'target/pier-image.digest').text.trim()
    def c = (HttpURLConnection) new URL('http://127.0.0.1:5297/v2/it/push/manifests/1.0').openConnection()
    c.requestMethod = 'HEAD'
    c.setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json')
    if (c.responseCode != 200) {
        throw new Exception("the registry has no it/push:1.0: HTTP ${c.responseCode}")
    }
    def served = c.getHeaderField('Docker-Content-Digest')
    if (served != digest) {
        throw new Exception("pushed ${digest} but the registry serves ${served}")
    }
} finally {
    def pid = new File(dir, 'registry.pid')
    if (pid.exists()) {
        ProcessHandle.of(Long.parseLong(pid.text.trim())).ifPresent { it.destroy() }
    }
}
return true

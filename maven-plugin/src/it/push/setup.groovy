// pier:push needs a registry: Debian's docker-registry (CNCF distribution), on 127.0.0.1:5297,
// with its storage in this project's target/. verify.groovy stops it.
def registry = new File('/usr/bin/docker-registry')
if (!registry.exists()) {
    throw new Exception('the pier:push test needs docker-registry (apt-get install docker-registry)')
}
def dir = new File(basedir, 'target/registry')
dir.mkdirs()
def config = new File(dir, 'config.yml')
config.text = "version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\n" +
        "storage: {filesystem: {rootdirectory: ${new File(dir, 'storage')}}}\nhttp: {addr: 127.0.0.1:5297}\n"
def server = new ProcessBuilder(registry.path, 'serve', config.path)
        .redirectErrorStream(true).redirectOutput(new File(dir, 'registry.log')).start()
new File(dir, 'registry.pid').text = String.valueOf(server.pid())
for (int i = 0; i < 100; i++) {
    try {
        new URL('http://127.0.0.1:5297/v2/').openStream().close()
        return true
    } catch (IOException e) {
        Thread.sleep(100)
    }
}
throw new Exception("docker-registry did not answer on 127.0.0.1:5297: ${new File(dir, 'registry.log').text}")

// Runs the bundled integration suite inside this extension host when GAN_STUDIO_TEST_SUITE names
// it, and writes the results where GAN_STUDIO_TEST_RESULTS says; the harness reads them back.
const fs = require('fs');

exports.activate = function activate() {
  const suite = process.env.GAN_STUDIO_TEST_SUITE;
  const results = process.env.GAN_STUDIO_TEST_RESULTS;
  if (!suite || !results) return;
  setTimeout(() => {
    Promise.resolve()
      .then(() => require(suite).runAndReport())
      .then((report) => fs.writeFileSync(results, JSON.stringify(report, null, 2)))
      .catch((err) =>
        fs.writeFileSync(results, JSON.stringify({ crashed: String((err && err.stack) || err), tests: [] })),
      );
  }, 500);
};

exports.deactivate = function deactivate() {};

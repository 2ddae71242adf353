// Render a JSON Resume document to HTML with a theme's own render(), as the resume CLI does.
// make.py copies this file into the folder where the themes are installed (npm resolves from
// the script's folder) and runs: node theme.mjs THEME IN.json OUT.html
import fs from 'node:fs';

const [theme, input, output] = process.argv.slice(2);
const mod = await import('jsonresume-theme-' + theme);
const themeModule = mod.render ? mod : mod.default;
const html = await themeModule.render(JSON.parse(fs.readFileSync(input, 'utf8')));
fs.writeFileSync(output, html);

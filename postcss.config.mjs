// Tailwind CSS v4 through PostCSS, the way Next.js picks it up.
const config = {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};

export default config;

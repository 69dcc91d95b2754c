import { createApp } from 'vue';
// Defines <dni-capture>. The Vue compiler is told it is a custom element in
// examples/vite.config.ts: vue({ template: { compilerOptions: { isCustomElement } } }).
import 'dni-capture';
import App from './App.vue';

createApp(App).mount('#app');

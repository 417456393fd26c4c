import { createApp } from 'vue'
import App from './App.vue'
import { rememberReadingPosition } from './readingPosition.ts'
import { router } from './router.ts'
import './styles/base.css'
import './styles/content.css'
import './styles/print.css'

rememberReadingPosition()
createApp(App).use(router).mount('#app')
